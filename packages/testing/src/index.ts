// Integration tests import everything from here: the connection details plus the per-file helpers.
export { getInfra, localDefaults, resolveInfra, type Infra, type ResolveInfraOptions } from './infra.js';
export { createTestTopics, deleteTestTopics, ensureTopics, uniquePrefix } from './topics.js';
export { freshDatabase, type FreshDatabase } from './fresh-database.js';
export { InfraUnavailableError } from './infra-error.js';
// One implementation, in @winnow/infra (whose own tests cannot depend on this package).
export { freePort } from '@winnow/infra/free-port';
