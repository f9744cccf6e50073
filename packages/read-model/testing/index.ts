export { duplicateDoc, uniqueDoc } from './doc-fixtures.js';
