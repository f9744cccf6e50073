// The API's read-model consumer as main.ts wires it, except that the process kills itself (SIGKILL, as
// kill -9 would) the moment its first batch is durable in PostgreSQL: after the write, before the bus
// could commit the batch's offsets. Run by kill-mid-batch.test.ts from the built package.
import { Redis } from 'ioredis';
import { createKafkaBus } from '@winnow/bus';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createPgClient, createReadModel } from '@winnow/read-model';
import { createApiService } from '../../dist/index.js';

const { BROKERS, PREFIX, DATABASE_URL, REDIS_URL } = process.env;
const logger = createLogger({ level: 'silent', name: 'killed-after-write' });
const redis = new Redis(REDIS_URL);
const readModel = createReadModel(createPgClient(DATABASE_URL));
const killing = {
  ...readModel,
  async applyVerdicts(records) {
    await readModel.applyVerdicts(records);
    process.stdout.write(`${JSON.stringify({ written: records.length })}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
};
const bus = createKafkaBus({ brokers: BROKERS.split(','), clientId: 'api-killed', topicPrefix: PREFIX, source: 'api', logger });
const service = createApiService({
  readModel: killing,
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: PREFIX }),
  logger,
  consumerConcurrency: 32,
});
await service.start();
