import { configOrExit } from '@winnow/config';
import { createLogger } from '@winnow/logging';
import { runService } from '@winnow/runtime';
import { createPipeline, type Pipeline } from '../pipeline.js';
import { pipelineConfigSchema } from '../pipeline-config.js';

/** `winnow start`: the whole pipeline in one process; runs until SIGTERM or SIGINT. */
export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`winnow start takes no arguments (got "${argv.join(' ')}"); configure it with environment variables\n`);
    return 2;
  }
  const config = configOrExit(pipelineConfigSchema);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'winnow' });
  let pipeline: Pipeline | undefined;
  await runService({
    logger,
    async start() {
      pipeline = await createPipeline(config, logger);
      const { port } = await pipeline.start();
      logger.info({ port, ...pipeline.mode, dataDir: config.WINNOW_DATA_DIR }, 'winnow started');
      if (process.stderr.isTTY) {
        process.stderr.write(
          `\nWinnow is running on http://localhost:${port} (bus: ${pipeline.mode.bus}, state: ${pipeline.mode.state}, read model: ${pipeline.mode.readModel}).\n` +
            `Start a crawl:  curl -s -X POST localhost:${port}/v1/jobs -H 'content-type: application/json' -d '{"seeds":["https://example.com/"]}'\n\n`,
        );
      }
    },
    drain: async () => pipeline?.drain(),
    flush: async () => pipeline?.flush(),
    // Looked up at shutdown: the pipeline's clients exist only once start has created them.
    close: [async () => { for (const close of pipeline?.close ?? []) await close(); }],
    // Embedded mode drains four stages and saves its state files; the deduplicator's index is the largest.
    deadlines: { drainMs: 20_000, flushMs: 5_000, closeMs: 10_000 },
  });
  return 0;
}
