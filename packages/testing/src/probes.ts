import { createConnection } from 'node:net';
import pg from 'pg';
import { waitForKafka } from '@winnow/infra/topics';

/** Why a probe failed, in words for the final error message; null when the service answered. */
export type ProbeResult = string | null;

/** Asks a Kafka cluster to describe itself once (within about `timeoutMs`). */
export async function probeKafka(brokers: string, timeoutMs = 1_500): Promise<ProbeResult> {
  try {
    await waitForKafka({ brokers, timeoutMs });
    return null;
  } catch (err) {
    return `Kafka not answering at ${brokers} (${errorText(err)})`;
  }
}

/** Sends a RESP `PING` and expects `+PONG` (or `-NOAUTH`, which still proves a Redis answers). */
export function probeRedis(redisUrl: string, timeoutMs = 1_500): Promise<ProbeResult> {
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
export async function probePostgres(databaseUrl: string, timeoutMs = 2_000): Promise<ProbeResult> {
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
