/** Where the integration tests find Kafka, Redis and PostgreSQL. */
export interface Infra {
  /** Comma-separated `host:port` list, as in KAFKA_BROKERS. */
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
}
