/**
 * What a Redis span records as its statement: the command and its first argument when that is a short string
 * (a key, a script's sha), and how many arguments follow, never their values. instrumentation-ioredis's default
 * writes out every argument of EVAL and EVALSHA: the dedup index's scripts take whole documents' binary
 * features and packed buckets, which would cost a conversion on every judgement and bloat every exported span.
 */
export function redisStatement(command: string, args: ReadonlyArray<unknown>): string {
  const first = args[0];
  const named = typeof first === 'string' && first.length <= 200;
  const rest = args.length - (named ? 1 : 0);
  return `${command}${named ? ` ${first}` : ''}${rest > 0 ? ` [${rest} other arguments]` : ''}`;
}
