// `user add | list | disable | enable | password`: accounts, straight on the store.
import { CreateUserRequest, Password } from '../../src/shared/protocol/admin.ts';
import { Email, Role } from '../../src/shared/protocol/common.ts';
import { generatePassword } from '../auth/generated-password.ts';
import { hashPassword } from '../auth/password.ts';
import { DuplicateError, type User } from '../store/store.ts';
import { parse, stripFinalNewline } from './args.ts';
import { cannotError, usageError } from './cli-error.ts';
import type { Command, CommandContext } from './io.ts';
import { formatTable } from './table.ts';

const ROLE_CHOICES = `${Role.options.slice(0, -1).join(', ')} or ${Role.options.at(-1)}`;

function email(raw: string | undefined, what: string): string {
  if (raw === undefined) throw usageError(`${what} is required: an e-mail address`);
  const parsed = Email.safeParse(raw);
  if (!parsed.success) throw usageError(`${what}: ${JSON.stringify(raw)} is not an e-mail address`);
  return parsed.data;
}

function roles(raw: string[] | undefined): Role[] {
  if (!raw?.length) throw usageError(`--role is required (${ROLE_CHOICES}); give it once per role`);
  return raw.map((role) => {
    const parsed = Role.safeParse(role.trim().toLowerCase());
    if (!parsed.success) throw usageError(`--role: ${JSON.stringify(role)} is not a role; choose ${ROLE_CHOICES}`);
    return parsed.data;
  });
}

/** --password-stdin: the whole of stdin, less one final line break. */
async function passwordFromStdin(ctx: CommandContext): Promise<string> {
  const password = stripFinalNewline(await ctx.io.readStdin());
  const parsed = Password.safeParse(password);
  if (!parsed.success) throw usageError(`the password on stdin: ${parsed.error.issues[0]?.message ?? 'not a valid password'}`);
  return parsed.data;
}

async function existingUser(ctx: CommandContext, address: string): Promise<User> {
  const user = await ctx.store.users.findByEmail(address);
  if (!user) throw cannotError(`there is no user with the e-mail address ${address}`);
  return user;
}

const change = (ctx: CommandContext, detail: Record<string, string | boolean>) =>
  ctx.audit.record({ type: 'admin.change', actor: ctx.actor, detail: { ...detail, via: 'cli' } });

const add: Command = async (ctx, args) => {
  const { values } = parse(
    args,
    { email: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    [],
  );
  const address = email(values.email, '--email');
  const userRoles = roles(values.role);
  const name = CreateUserRequest.shape.name.safeParse(values.name ?? address.split('@')[0]);
  if (!name.success) throw usageError('--name: a name is 1 to 64 characters');
  const generated = values['password-stdin'] ? undefined : generatePassword();
  const password = generated ?? (await passwordFromStdin(ctx));
  let user: User;
  try {
    user = await ctx.store.users.create({ email: address, name: name.data, roles: userRoles, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof DuplicateError) throw cannotError(`an account with the e-mail address ${address} already exists`);
    throw error;
  }
  await change(ctx, { what: 'user.create', target: user.email, roles: user.roles.join(',') });
  ctx.io.out(`created ${user.email} (${user.roles.join(', ')})`);
  // Shown this once: only the hash is kept.
  if (generated) ctx.io.out(`password: ${generated}`);
};

const list: Command = async (ctx, args) => {
  parse(args, {}, []);
  const users = await ctx.store.users.list();
  const rows = users.map((u) => [u.email, u.name, u.roles.join(','), u.disabled ? 'yes' : 'no']);
  for (const line of formatTable(['EMAIL', 'NAME', 'ROLES', 'DISABLED'], rows)) ctx.io.out(line);
};

function setDisabled(disabled: boolean): Command {
  return async (ctx, args) => {
    const { positionals } = parse(args, {}, ['EMAIL']);
    const user = await existingUser(ctx, email(positionals[0], 'EMAIL'));
    await ctx.store.users.update(user.id, { disabled });
    // Signed out everywhere: the extension and the admin page must sign in again (and are refused).
    if (disabled) await ctx.store.tokens.revokeUser(user.id);
    await change(ctx, { what: 'user.update', target: user.email, fields: 'disabled', disabled });
    ctx.io.out(disabled ? `disabled ${user.email}; their sign-ins are revoked` : `enabled ${user.email}`);
  };
}

const password: Command = async (ctx, args) => {
  const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } }, ['EMAIL']);
  const user = await existingUser(ctx, email(positionals[0], 'EMAIL'));
  const generated = values['password-stdin'] ? undefined : generatePassword();
  const next = generated ?? (await passwordFromStdin(ctx));
  await ctx.store.users.update(user.id, { passwordHash: await hashPassword(next) });
  await ctx.store.tokens.revokeUser(user.id);
  await change(ctx, { what: 'user.password', target: user.email, generated: generated !== undefined });
  ctx.io.out(`new password set for ${user.email}; their sign-ins are revoked`);
  if (generated) ctx.io.out(`password: ${generated}`);
};

export const userCommands: Record<string, Command> = {
  add,
  list,
  disable: setDisabled(true),
  enable: setDisabled(false),
  password,
};
