/** Thrown when integration tests cannot get Kafka, Redis or PostgreSQL; they fail, never skip. */
export class InfraUnavailableError extends Error {
  readonly code = 'WINNOW_ERR_TEST_INFRA_UNAVAILABLE';

  constructor(readonly problems: readonly string[]) {
    super(
      [
        'integration tests need real Kafka, Redis and PostgreSQL, and could not get them:',
        ...problems.map((p) => `  - ${p}`),
        'Fix one of: export KAFKA_BROKERS, REDIS_URL and DATABASE_URL; or make `npm run infra:up` work',
        '(needs java 17+, mvn, redis-server and PostgreSQL binaries); or give the tests a Docker engine and run `npm run images`.',
      ].join('\n'),
    );
    this.name = 'InfraUnavailableError';
  }
}
