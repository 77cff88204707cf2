// How a CLI command fails: a one-line message on stderr and an exit code a
// script can test. 2 = the command line is wrong (unknown command, bad value);
// 1 = it is well-formed but cannot be done (no such user or queue, name taken).
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(2, message);
export const cannotError = (message: string) => new CliError(1, message);
