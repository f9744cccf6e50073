export { DEFAULT_MAX_CHARS, extract, EXTRACTOR_VERSION, type ExtractedDocument, type ExtractOptions } from './extract.js';
export { decodeHtml, decodeIn, htmlCharset, type HtmlCharset } from './decode.js';
export { EXTRACT_ERRORS, isExtractError } from './errors.js';
export { countTokens } from './token-count.js';
export { languageScore } from './language-score.js';
export { FastTokenizer, type FastCallbacks } from './fast-tokenizer.js';
