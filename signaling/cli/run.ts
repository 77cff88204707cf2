// The admin CLI without the process around it: argv in, exit code out. Each
// command group lives in its own file; this one finds the command, opens the
// store in DATA_DIR (loadConfig, as the server does) and reports failures as
// one line on stderr.
import { userInfo } from 'node:os';
import { AuditLog } from '../audit/audit-log.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { CliError, usageError } from './cli-error.ts';
import { COMMANDS, HELP } from './help.ts';
import type { CliIo, Command } from './io.ts';
import { queueCommands } from './queue-commands.ts';
import { settingsCommands } from './settings-commands.ts';
import { userCommands } from './user-commands.ts';

const GROUPS: Record<string, Record<string, Command>> = { user: userCommands, queue: queueCommands, settings: settingsCommands };

function find(group: string | undefined, name: string | undefined): Command {
  const command = group !== undefined && name !== undefined ? GROUPS[group]?.[name] : undefined;
  if (command) return command;
  const given = [group, name].filter((part) => part !== undefined).join(' ');
  throw usageError(`unknown command ${JSON.stringify(given)}; the commands are ${COMMANDS.join(', ')} (see --help)`);
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function runCli(argv: readonly string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const [group, name, ...args] = argv;
  if (group === undefined || group === '--help' || group === '-h' || group === 'help' || args.includes('--help') || name === '--help') {
    (group === undefined ? io.err : io.out)(HELP.trimEnd());
    return group === undefined ? 2 : 0;
  }
  try {
    const command = find(group, name);
    const config = loadConfig(env);
    const store = openSqliteStore(config.dataDir);
    const log: Logger = { info: () => {}, warn: (line) => io.err(`warning: ${line}`), error: (line) => io.err(`error: ${line}`) };
    const audit = new AuditLog(store, systemClock, log);
    try {
      await command({ store, audit, actor: `cli:${osUser()}`, io }, args);
    } finally {
      await audit.flush();
      await store.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    // loadConfig names the variable; anything else is unexpected and keeps its stack for a bug report.
    if (error instanceof Error && /^Invalid [A-Z_]+=/.test(error.message)) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
