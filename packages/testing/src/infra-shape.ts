/** Where the integration tests find Kafka, Redis and PostgreSQL. */
export interface Infra {
  /** Comma-separated `host:port` list, as in KAFKA_BROKERS. */
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
}

/** The images the integration tests run, as `npm run images` chose them (or the environment names them). */
export interface TestImages {
  readonly kafka: string;
  readonly redis: string;
  readonly postgres: string;
}
