export { normalizeUrl, tryNormalizeUrl } from './normalize-url.js';
export { docIdFor } from './doc-id.js';
export { hostOf } from './host.js';
export { inScope } from './scope.js';
