import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from './health-server.js';
import { createLogger } from '@winnow/logging';

const logger = createLogger({ level: 'silent', name: 'test' });

describe('health server', () => {
  let server: HealthServer | undefined;
  afterEach(() => server?.close());

  it('answers /healthz, reports readiness on /readyz and serves Prometheus metrics', async () => {
    let ready = false;
    server = await startHealthServer({ port: 0, host: '127.0.0.1', ready: async () => ready, logger });
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
  });

  it('reports not ready when the readiness check throws', async () => {
    server = await startHealthServer({ port: 0, host: '127.0.0.1', ready: async () => Promise.reject(new Error('down')), logger });
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(503);
  });
});
