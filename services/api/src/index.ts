export { createApiService, type ApiService, type ApiServiceDeps } from './service.js';
