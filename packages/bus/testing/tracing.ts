import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

let exporter: InMemorySpanExporter | undefined;

/**
 * Registers what a service's instrumentation.ts registers (a context manager, the W3C propagator, a tracer
 * provider), once per process, with an in-memory exporter the tests read finished spans from.
 */
export function recordSpans(): { spans(): ReadableSpan[] } {
  if (!exporter) {
    exporter = new InMemorySpanExporter();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  }
  const registered = exporter;
  return { spans: () => registered.getFinishedSpans() };
}

/** The trace id a W3C `traceparent` header carries. */
export const traceIdOf = (traceparent: string | undefined): string | undefined => traceparent?.split('-')[1];
/** The span id (the parent of whoever continues the trace) a W3C `traceparent` header carries. */
export const spanIdOf = (traceparent: string | undefined): string | undefined => traceparent?.split('-')[2];
