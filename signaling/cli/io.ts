// What a command reads and writes, passed in so the commands never touch
// process.* themselves.
import type { AuditLog } from '../audit/audit-log.ts';
import type { Store } from '../store/store.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** All of standard input, as text. */
  readStdin(): Promise<string>;
}

export interface CommandContext {
  store: Store;
  audit: AuditLog;
  /** "cli:<OS user>": who the audit log says made the change. */
  actor: string;
  io: CliIo;
}

export type Command = (ctx: CommandContext, args: string[]) => Promise<void>;
