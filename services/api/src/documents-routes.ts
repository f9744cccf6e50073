import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { idParam, listDocumentsQuery, parseInput } from './request-schemas.js';

const DOC_ID = /^[0-9a-f]{32}$/;

export function registerDocumentRoutes(app: FastifyInstance, { readModel }: AppDeps): void {
  app.get('/v1/documents', { config: { scope: 'read' } }, async (req) => {
    const { jobId, q, site, lang, verdict, limit, cursor } = parseInput(listDocumentsQuery, req.query, 'query');
    return readModel.listDocuments({
      limit,
      ...(jobId !== undefined && { jobId }),
      ...(q !== undefined && { q }),
      ...(site !== undefined && { site: site.toLowerCase() }),
      ...(lang !== undefined && { lang }),
      ...(verdict !== undefined && { verdict }),
      ...(cursor !== undefined && { cursor }),
    });
  });

  app.get('/v1/documents/:id', { config: { scope: 'read' } }, async (req) => {
    const { id } = parseInput(idParam, req.params, 'params');
    const doc = DOC_ID.test(id) ? await readModel.getDocument(id) : null;
    if (!doc) throw new ApiError('WINNOW_ERR_DOCUMENT_NOT_FOUND', `document ${id} does not exist`);
    return doc;
  });

}
