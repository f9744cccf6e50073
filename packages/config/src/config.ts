import { z } from 'zod';

/** A configuration value that failed validation; names the environment variable. */
export class ConfigError extends Error {
  readonly code = 'WINNOW_ERR_CONFIG';
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`invalid configuration: ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Booleans from the environment: "true"/"1"/"yes" are true; "false"/"0"/"no"/"" are false. */
export const envBool = z
  .union([z.boolean(), z.string()])
  .transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    const s = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off', ''].includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
    return z.NEVER;
  });

/** A string variable without a default; the message names what it is for. */
export const required = (what: string) => z.string({ error: `required: ${what}` });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Variables every service shares. Spread into a service's own schema. */
export const baseEnv = {
  /** HTTP port for the REST API, or for /healthz, /readyz and /metrics on the other services. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix for every Kafka topic name, so several deployments can share a cluster. */
  TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only').default(''),
  /** Comma-separated Kafka bootstrap brokers, e.g. 127.0.0.1:9092. */
  KAFKA_BROKERS: optionalString.pipe(
    z
      .string()
      .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'expected host:port[,host:port...]')
      .optional(),
  ),
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  /** PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/winnow. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Where embedded mode keeps its data so that it survives a restart. */
  WINNOW_DATA_DIR: z.string().min(1).default('.winnow'),
  /** true: a service creates its missing Kafka topics from infra/topics.json; false: it exits naming them. */
  KAFKA_CREATE_TOPICS: envBool.default(false),
};

/** OpenTelemetry's standard variables, as the SDK reads them; validated here so that a typo stops the process. */
const otelEnv = {
  /** true turns tracing off entirely: no spans, no propagation, no export. */
  OTEL_SDK_DISABLED: envBool.default(false),
  /** service.name of every span; default: the service's own name (api, crawler, extractor, deduplicator, winnow). */
  OTEL_SERVICE_NAME: optionalString,
  /** OTLP/HTTP base URL of a collector (Jaeger, Tempo, an OTel Collector), e.g. http://127.0.0.1:4318; unset: nothing is exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Full OTLP/HTTP URL for traces alone (overrides the endpoint above for traces), e.g. http://collector:4318/v1/traces. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** OTLP encoding: http/protobuf (default) or http/json. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  /** Sampler: parentbased_always_on (default), always_on, always_off, traceidratio, parentbased_traceidratio, parentbased_always_off. */
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .optional(),
  /** The sampler's argument: the ratio (0..1) for the traceidratio samplers. */
  OTEL_TRACES_SAMPLER_ARG: optionalString.pipe(z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'a ratio between 0 and 1').optional()),
};

/** The OTEL_* variables alone: what a service's instrumentation.ts reads before anything else loads. */
export const otelConfigSchema = z.object(otelEnv);
export type OtelConfig = z.infer<typeof otelConfigSchema>;

type Env = Record<string, string | undefined>;

/** Parses the environment once with a schema; throws ConfigError naming the first bad variable. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? '(environment)'), issue.message);
  }
  return Object.freeze(result.data);
}

/** Like loadConfig, but prints the error and exits 1: for main.ts, before anything connects. */
export function configOrExit<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
