import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { idParam, listDocumentsQuery } from './request-schemas.js';
import { documentPageSchema, documentViewSchema, problemResponses } from './response-schemas.js';

const DOC_ID = /^[0-9a-f]{32}$/;

export function registerDocumentRoutes(fastify: FastifyInstance, { readModel }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const listSchema = { summary: 'Search and filter documents', querystring: listDocumentsQuery, response: { 200: documentPageSchema, ...problemResponses } };
  app.get('/v1/documents', { config: { scope: 'read' }, schema: listSchema }, async (req) => {
    const { jobId, q, site, lang, verdict, limit, cursor } = req.query;
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

  const getSchema = { summary: 'One document: verdict, sources, novel text, cluster', params: idParam, response: { 200: documentViewSchema, ...problemResponses } };
  app.get('/v1/documents/:id', { config: { scope: 'read' }, schema: getSchema }, async (req) => {
    const { id } = req.params;
    const doc = DOC_ID.test(id) ? await readModel.getDocument(id) : null;
    if (!doc) throw new ApiError('WINNOW_ERR_DOCUMENT_NOT_FOUND', `document ${id} does not exist`);
    return doc;
  });

}
