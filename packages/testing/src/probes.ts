import { createConnection } from 'node:net';
import pg from 'pg';
import { waitForKafka } from '@winnow/infra/topics';

/** Why a probe failed, in words for the final error message; null when the service answered. */
export type ProbeResult = string | null;

/**
 * Whether something accepts TCP connections at host:port: a closed port answers at once, so the probes
 * below can give a service that does listen a generous time to answer (tests share two cores with brokers
 * and containers starting, where a 1.5 s budget failed a Kafka that was up) without slowing the common case
 * of nothing listening.
 */
function tcpAccepts(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('connect timeout'));
    socket.on('error', (err) => done(errorText(err)));
    socket.on('connect', () => done(null));
  });
}

/** Asks a Kafka cluster to describe itself (within about `timeoutMs` once its first broker accepts connections). */
export async function probeKafka(brokers: string, timeoutMs = 10_000): Promise<ProbeResult> {
  const [host = '127.0.0.1', port = '9092'] = (brokers.split(',')[0] ?? '').trim().split(':');
  const refused = await tcpAccepts(host, Number(port), timeoutMs);
  if (refused !== null) return `Kafka not answering at ${brokers} (${refused})`;
  try {
    await waitForKafka({ brokers, timeoutMs });
    return null;
  } catch (err) {
    return `Kafka not answering at ${brokers} (${errorText(err)})`;
  }
}

/** Sends a RESP `PING` and expects `+PONG` (or `-NOAUTH`, which still proves a Redis answers). */
export function probeRedis(redisUrl: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const url = new URL(redisUrl);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let reply = '';
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`Redis not answering at ${host}:${port} (timeout)`));
    socket.on('error', (err) => done(`Redis not answering at ${host}:${port} (${errorText(err)})`));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (!reply.includes('\r\n')) return;
      const ok = reply.startsWith('+PONG') || reply.startsWith('-NOAUTH');
      done(ok ? null : `something at ${host}:${port} answered PING with ${JSON.stringify(reply.trim())}`);
    });
  });
}

/** Logs in and runs `select 1`; a missing database counts as not ready. */
export async function probePostgres(databaseUrl: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL not usable at ${redactUrl(databaseUrl)} (${errorText(err)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/** Hides a password, so URLs can go into error messages. */
function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}
