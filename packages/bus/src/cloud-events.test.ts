import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags, type Context, type ContextManager } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFromHeaders, eventHeaders } from './cloud-events.js';

/** What an OpenTelemetry SDK registers; written out here so the test needs no SDK. */
class StorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

describe('CloudEvents headers', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new StorageContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it('carries the active span as traceparent', () => {
    const headers = context.with(trace.setSpanContext(ROOT_CONTEXT, span), () => eventHeaders('winnow.x.v1', 'winnow/test'));
    expect(headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    expect(headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'winnow.x.v1', ce_source: 'winnow/test' });
  });

  it('starts a fresh trace when no span is active', () => {
    const a = eventHeaders('winnow.x.v1', 'winnow/test').traceparent;
    const b = eventHeaders('winnow.x.v1', 'winnow/test').traceparent;
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(a).not.toBe(b);
  });

  it('makes a consumed message’s trace the parent of what its handler publishes', () => {
    const consumed = { traceparent: `00-${span.traceId}-${span.spanId}-01` };
    const emitted = context.with(contextFromHeaders(consumed), () => eventHeaders('winnow.y.v1', 'winnow/test'));
    expect(emitted.traceparent).toBe(consumed.traceparent);
  });

  it('ignores a malformed traceparent', () => {
    const emitted = context.with(contextFromHeaders({ traceparent: 'garbage' }), () => eventHeaders('winnow.y.v1', 'winnow/test'));
    expect(emitted.traceparent).not.toContain(span.traceId);
    expect(emitted.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});
