export { apiAuthSettings } from './auth-config.js';
export { newKey, parseScopes, SCOPES, type ApiKey, type Scope } from './auth.js';
export { createApiService, type ApiService, type ApiServiceDeps } from './service.js';
