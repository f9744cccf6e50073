export { checkIndexFormat, createRedisIndex, createRedisIndexStore, dropNamespace, INDEX_FORMAT, type RedisIndexOptions } from './redis-index-store.js';
export { createRedisJudgedDocStore } from './redis-judged-doc-store.js';
export { createRedisSiteBoilerplate } from './redis-site-boilerplate.js';
