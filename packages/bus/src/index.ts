export { BUS_ERRORS, dlq, drop, ok, retry, type Bus, type ConsumerLag, type DeadLetter, type Delivered, type Emit, type FetchOptions, type Handler, type Outcome, type SubscribeOptions, type Subscription } from './bus.js';
export { BusError } from './bus-error.js';
export { createMemoryBus, type MemoryBus, type MemoryBusOptions } from './memory-bus.js';
export { createKafkaBus, createServiceKafkaBus, type KafkaBusOptions, type KafkaServiceConfig } from './kafka-bus.js';
export { startLagMetrics } from './consumer-lag.js';
export { annotateMessage } from './tracing.js';
export { asTextField, Utf8Text } from './utf8-text.js';
