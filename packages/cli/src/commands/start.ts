import { configOrExit } from '@winnow/runtime/config';
import { createLogger } from '@winnow/runtime/logger';
import { onShutdown } from '@winnow/runtime/shutdown';
import { createPipeline } from '../pipeline.js';
import { pipelineConfigSchema } from '../pipeline-config.js';

/** `winnow start`: the whole pipeline in one process; runs until SIGTERM or SIGINT. */
export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`winnow start takes no arguments (got "${argv.join(' ')}"); configure it with environment variables\n`);
    return 2;
  }
  const config = configOrExit(pipelineConfigSchema);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'winnow' });
  const pipeline = await createPipeline(config, logger);
  onShutdown(logger, () => pipeline.stop(), 30_000);
  const { port } = await pipeline.start();
  logger.info({ port, ...pipeline.mode, dataDir: config.WINNOW_DATA_DIR }, 'winnow started');
  if (process.stderr.isTTY) {
    process.stderr.write(
      `\nWinnow is running on http://localhost:${port} (bus: ${pipeline.mode.bus}, state: ${pipeline.mode.state}, store: ${pipeline.mode.store}).\n` +
        `Start a crawl:  curl -s -X POST localhost:${port}/v1/jobs -H 'content-type: application/json' -d '{"seeds":["https://example.com/"]}'\n\n`,
    );
  }
  return 0;
}
