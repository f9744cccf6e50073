/** The slice of a pino logger the bus uses; a pino Logger (or a child) fits it as is. */
export interface BusLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => {};

export const silentLogger: BusLogger = { debug: noop, info: noop, warn: noop, error: noop };
