// Loaded with `node --import` before main.js: the OpenTelemetry SDK must patch modules before they are imported.
import { startTelemetry } from '@winnow/telemetry';

startTelemetry('deduplicator');
