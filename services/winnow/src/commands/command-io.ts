/** Where a command writes (and, for robots.txt from `-`, reads); tests pass their own. */
export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: AsyncIterable<Uint8Array | string>;
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/**
 * The start every command shares: `--help`/`-h` prints the usage (exit 0); a usage error, which `parse` returns
 * as a message, prints `winnow <name>: <message>` and the usage on stderr (exit 2); otherwise the arguments.
 */
export function parseCommand<T extends object>(
  name: string,
  usage: string,
  argv: string[],
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  parse: (argv: string[]) => T | string,
): { args: T } | { exit: number } {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(usage);
    return { exit: 0 };
  }
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    io.stderr.write(`winnow ${name}: ${parsed}\n${usage}`);
    return { exit: 2 };
  }
  return { args: parsed };
}
