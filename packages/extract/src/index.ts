export { DEFAULT_MAX_CHARS, extract, type ExtractedDocument, type ExtractOptions } from './extract.js';
export { decodeHtml } from './decode.js';
export { EXTRACT_ERRORS, isExtractError } from './errors.js';
