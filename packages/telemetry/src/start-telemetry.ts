import { register } from 'node:module';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configOrExit, otelConfigSchema, type OtelConfig } from '@winnow/config';
import { redisStatement } from './redis-statement.js';

export interface Telemetry {
  /** Whether spans leave the process (an OTLP endpoint is set). */
  exporting: boolean;
  /** Flushes and stops the SDK. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK for `service`, configured only by the standard OTEL_* variables. Call it
 * from the service's instrumentation.ts, loaded with `node --import` so that it runs before any instrumented
 * module (fastify, ioredis, pg, pino, undici) is imported; the loader hook lets it patch ES modules.
 *
 * Without an OTLP endpoint nothing is exported, but a tracer provider and the W3C propagator are still
 * registered: every record keeps carrying its document's trace id, and logs their trace_id and span_id.
 * kafkajs's instrumentation is deliberately absent: the bus makes its own messaging spans.
 */
export function startTelemetry(service: string, config: OtelConfig = configOrExit(otelConfigSchema)): Telemetry {
  if (config.OTEL_SDK_DISABLED) return { exporting: false, shutdown: async () => {} };
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const endpoint = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT;
  // The exporters read the endpoint variables themselves (and append /v1/traces to the base endpoint).
  const exporter =
    endpoint === undefined ? undefined : config.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json' ? new OtlpJsonExporter() : new OtlpProtoExporter();
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? service,
    ...(exporter ? { traceExporter: exporter } : { spanProcessors: [discardSpans] }),
    // prom-client serves metrics on /metrics; pino writes logs to stdout. Neither goes over OTLP.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation(),
      new UndiciInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
      new PgInstrumentation(),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  return { exporting: exporter !== undefined, shutdown: () => sdk.shutdown() };
}

/** Registers a tracer provider without exporting: ids and propagation work, finished spans are dropped. */
const discardSpans: SpanProcessor = {
  onStart: () => {},
  onEnd: () => {},
  forceFlush: async () => {},
  shutdown: async () => {},
};
