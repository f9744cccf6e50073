import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerSettings {
  level?: string;
  /** Service name, carried on every line. */
  name: string;
  /** Human-readable lines instead of JSON; by default only when stdout is a terminal. */
  pretty?: boolean;
  /** Where the lines go, JSON or pretty (default stdout), e.g. a stream a test reads. */
  destination?: NodeJS.WritableStream;
}

/**
 * The one root logger of a process: JSON lines to stdout or `destination` (pretty on a terminal), secrets redacted.
 * Modules take `logger.child({ component })`.
 */
export function createLogger({ level = 'info', name, pretty: humanReadable = process.stdout.isTTY === true, destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: {
      paths: ['*.password', '*.authorization', 'headers.authorization', 'headers.cookie', 'config.DATABASE_URL', 'config.REDIS_URL'],
      censor: '[redacted]',
    },
    serializers: { err: pino.stdSerializers.err },
  };
  // In-process and synchronous (no transport thread), so the last lines before an exit are never lost.
  const stream: DestinationStream = humanReadable
    ? pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', ...(destination ? { destination } : {}) })
    : (destination ?? pino.destination(1));
  return pino(options, stream);
}
