import { context, propagation, trace } from '@opentelemetry/api';
import { loadConfig, otelConfigSchema } from '@winnow/config';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from './start-telemetry.js';

describe('startTelemetry', () => {
  let telemetry: Telemetry | undefined;
  afterAll(() => telemetry?.shutdown());

  it('does nothing when OTEL_SDK_DISABLED is true', async () => {
    const off = startTelemetry('test', loadConfig(otelConfigSchema, { OTEL_SDK_DISABLED: 'true' }));
    expect(off.exporting).toBe(false);
    await off.shutdown();
  });

  it('without an endpoint exports nothing, yet spans get ids and travel in traceparent', () => {
    telemetry = startTelemetry('test', loadConfig(otelConfigSchema, {}));
    expect(telemetry.exporting).toBe(false);
    const span = trace.getTracer('test').startSpan('work');
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('refuses a protocol it cannot speak, naming the variable', () => {
    expect(() => loadConfig(otelConfigSchema, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  });
});
