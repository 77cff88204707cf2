// `queue add | add-agent | list`: WebACD queues, straight on the store.
import { QueueName, type Queue } from '../../src/shared/protocol/admin.ts';
import { Email } from '../../src/shared/protocol/common.ts';
import { may } from '../auth/roles.ts';
import { DuplicateError } from '../store/store.ts';
import { parse } from './args.ts';
import { cannotError, usageError } from './cli-error.ts';
import type { Command, CommandContext } from './io.ts';
import { formatTable } from './table.ts';

function queueName(raw: string | undefined): string {
  const parsed = QueueName.safeParse(raw ?? '');
  if (!parsed.success) throw usageError('NAME: a queue name is 1 to 64 characters');
  return parsed.data;
}

async function existingQueue(ctx: CommandContext, name: string): Promise<Queue> {
  const queue = await ctx.store.queues.findByName(name);
  if (!queue) throw cannotError(`there is no queue named ${JSON.stringify(name)}`);
  return queue;
}

const change = (ctx: CommandContext, detail: Record<string, string | number>) =>
  ctx.audit.record({ type: 'admin.change', actor: ctx.actor, detail: { ...detail, via: 'cli' } });

const add: Command = async (ctx, args) => {
  const { positionals } = parse(args, {}, ['NAME']);
  const name = queueName(positionals[0]);
  try {
    const queue = await ctx.store.queues.create(name);
    await change(ctx, { what: 'queue.create', target: queue.name });
    ctx.io.out(`created queue ${JSON.stringify(queue.name)}`);
  } catch (error) {
    if (error instanceof DuplicateError) throw cannotError(`a queue named ${JSON.stringify(name)} already exists`);
    throw error;
  }
};

const addAgent: Command = async (ctx, args) => {
  const { positionals } = parse(args, {}, ['NAME', 'EMAIL']);
  const name = queueName(positionals[0]);
  const address = Email.safeParse(positionals[1]);
  if (!address.success) throw usageError(`EMAIL: ${JSON.stringify(positionals[1])} is not an e-mail address`);
  const queue = await existingQueue(ctx, name);
  const user = await ctx.store.users.findByEmail(address.data);
  if (!user) throw cannotError(`there is no user with the e-mail address ${address.data}`);
  if (!may(user.roles, 'join_queue')) throw usageError(`${user.email} does not have the agent role; only agents can be in a queue`);
  const updated = await ctx.store.queues.addAgent(queue.id, user.id);
  if (!updated) throw cannotError(`there is no queue named ${JSON.stringify(name)}`);
  await change(ctx, { what: 'queue.agents', target: updated.name, agents: updated.agentIds.length });
  ctx.io.out(`${user.email} is in queue ${JSON.stringify(updated.name)}`);
};

const list: Command = async (ctx, args) => {
  parse(args, {}, []);
  const emails = new Map((await ctx.store.users.list()).map((u) => [u.id, u.email]));
  const rows = (await ctx.store.queues.list()).map((q) => [q.name, q.agentIds.map((id) => emails.get(id) ?? id).join(',')]);
  for (const line of formatTable(['NAME', 'AGENTS'], rows)) ctx.io.out(line);
};

export const queueCommands: Record<string, Command> = { add, 'add-agent': addAgent, list };
