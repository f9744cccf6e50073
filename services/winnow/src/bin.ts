/** The `winnow` command: dispatches `winnow <command> ...` to src/commands/<command>.ts. */

const COMMANDS: Record<string, string> = {
  start: 'run the whole pipeline in one process (embedded unless KAFKA_BROKERS, REDIS_URL, DATABASE_URL are set)',
  extract: 'extract a page: winnow extract <file.html[.gz]|url> [--url <page url>] | --batch <dir> --out <file.json>',
  robots: 'check URLs against a robots.txt: winnow robots <robots.txt file> <user-agent> <url>...',
  dedup: 'judge texts: winnow dedup pairs <in.jsonl> | compare <a> <b> | rebuild',
  keys: 'make an API key: winnow keys new --scopes read+crawl (prints the token once and its WINNOW_API_KEYS entry)',
  export: 'write the corpus: winnow export --format jsonl|jsonl.gz|parquet --mode unique|all|novel [filters] --out <file>',
  dlq: 'replay dead letters through the API: winnow dlq replay --topic <topic> [--code <code>] [--dry-run]',
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, what]) => `  ${name.padEnd(8)} ${what}`);
  return `usage: winnow <command> [args]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`winnow: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const command = (await import(`./commands/${name}.js`)) as { run(argv: string[]): Promise<number> };
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`winnow: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
