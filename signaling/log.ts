// Where the server writes its lines. Tests pass a collecting logger so they can
// check what is (and is not) logged; production writes to the console.

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line, error) => (error === undefined ? console.error(line) : console.error(line, error)),
};
