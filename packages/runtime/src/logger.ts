import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LoggerSettings {
  level?: string;
  /** Service name, carried on every line. */
  name: string;
}

/** The one root logger of a process: JSON to stdout, secrets redacted. Modules take `logger.child({ component })`. */
export function createLogger({ level = 'info', name }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: {
      paths: ['*.password', '*.authorization', 'headers.authorization', 'headers.cookie', 'config.DATABASE_URL', 'config.REDIS_URL'],
      censor: '[redacted]',
    },
    serializers: { err: pino.stdSerializers.err },
  };
  return pino(options);
}
