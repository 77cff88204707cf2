// Command-line parsing on node:util's parseArgs, with its errors cut to one
// line and turned into usage errors (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(args: string[], options: O, positionals: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains at length; the first sentence names the problem.
    const text = error instanceof Error ? error.message.split(/\.\s/)[0]?.replace(/\.$/, '') : String(error);
    throw usageError(text ?? 'cannot read the command line');
  }
  if (parsed.positionals.length !== positionals.length) {
    const expected = positionals.length ? positionals.join(' ') : 'no arguments';
    throw usageError(`expected ${expected}, got ${parsed.positionals.length ? parsed.positionals.map((p) => JSON.stringify(p)).join(' ') : 'nothing'}`);
  }
  return parsed;
}

/** A trailing line break (from `echo` or a here-string) is not part of the password. */
export function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
