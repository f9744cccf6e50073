// The OpenTelemetry SDK of one process, started by the service's instrumentation.ts (node --import).
export { startTelemetry, type Telemetry } from './start-telemetry.js';
