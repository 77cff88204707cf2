// `settings get | set KEY VALUE`: the site settings, straight on the store. A
// running server reads them on every use, so a change applies at once.
import { isSettingKey, parseSettingArgument } from '../settings/parse-value.ts';
import { parse } from './args.ts';
import { usageError } from './cli-error.ts';
import type { Command } from './io.ts';

const get: Command = async (ctx, args) => {
  parse(args, {}, []);
  ctx.io.out(JSON.stringify(await ctx.store.settings.get(), null, 2));
};

const set: Command = async (ctx, args) => {
  // Taken as they are, not through parse(): a value such as -1 is a value here, not an option.
  if (args.length !== 2) throw usageError(`expected KEY VALUE, got ${args.length ? args.map((a) => JSON.stringify(a)).join(' ') : 'nothing'}`);
  const [key = '', raw = ''] = args;
  const parsed = parseSettingArgument(key, raw);
  if (!parsed.ok) throw usageError(parsed.message);
  const settings = await ctx.store.settings.update(parsed.value);
  const { iceServers, ...scalars } = parsed.value;
  // ICE servers may carry TURN credentials: the log gets their count only.
  await ctx.audit.record({
    type: 'admin.change',
    actor: ctx.actor,
    detail: { what: 'settings', changed: key, ...scalars, ...(iceServers && { iceServers: iceServers.length }), via: 'cli' },
  });
  if (isSettingKey(key)) ctx.io.out(`${key} = ${JSON.stringify(settings[key])}`);
};

export const settingsCommands: Record<string, Command> = { get, set };
