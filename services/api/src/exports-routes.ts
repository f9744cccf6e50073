import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONTENT_TYPES, exportCorpus, exportFileName, exportOptionsSchema, type ExportOptions } from '@winnow/export';
import type { AppDeps } from './app-deps.js';
import { problemResponses } from './response-schemas.js';

/**
 * `GET /v1/exports/documents`: the corpus as a download, streamed from the read model's cursor while the
 * client reads it (backpressure reaches the cursor). Every query parameter is checked before a byte is
 * sent, so a bad one is a 400 naming it. A failure mid-stream cannot change the status any more: the
 * response is cut short (a truncated gzip or Parquet file does not open) and the error is logged.
 */
export function registerExportRoutes(app: FastifyInstance, { readModel, logger }: AppDeps): void {
  const log = logger.child({ component: 'export' });

  const schema = {
    summary: 'The corpus as a streamed download (JSON lines, gzip JSON lines or Parquet)',
    querystring: exportOptionsSchema,
    response: {
      200: {
        description: 'the corpus file',
        content: Object.fromEntries(Object.values(CONTENT_TYPES).map((type) => [type, { schema: z.string() }])),
      },
      ...problemResponses,
    },
  };
  app.get('/v1/exports/documents', { config: { scope: 'read' }, schema }, async (req, reply) => {
    // Validated by the schema; the route is untyped because its body is a stream, not the schema's string.
    const options = req.query as ExportOptions;
    const body = new PassThrough();
    req.raw.once('close', () => {
      if (!body.writableFinished) body.destroy(new Error('client closed the connection'));
    });
    void exportCorpus(readModel, options, body).then(
      (result) => log.info({ ...result, format: options.format, mode: options.mode }, 'export sent'),
      (err: unknown) => log.warn({ err, format: options.format, mode: options.mode }, 'export cut short'),
    );
    return reply
      .header('content-type', CONTENT_TYPES[options.format])
      .header('content-disposition', `attachment; filename="${exportFileName(options)}"`)
      .send(body);
  });
}
