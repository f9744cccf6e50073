import { counter, gauge, histogram } from '@winnow/runtime';

/**
 * What every subscription of every service records, through the one metric factory. Labels are the topic
 * (physical, so TOPIC_PREFIX deployments stay apart), the consumer group, the outcome and the error code:
 * all bounded; never a URL, a host or a key.
 */
export const busMetrics = {
  handled: counter(
    'winnow_bus_messages_handled_total',
    'Consumed messages by final outcome: ok, drop, dlq (dead-lettered) or abandoned (left for redelivery at stop or rebalance)',
    ['topic', 'group', 'outcome'],
  ),
  handlerSeconds: histogram(
    'winnow_bus_handler_seconds',
    'Time one handler attempt took, in seconds',
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ['topic', 'group'],
  ),
  retries: counter('winnow_bus_retries_total', 'Handler attempts that ended in retry (a retry outcome or a thrown error)', ['topic', 'group']),
  dlq: counter('winnow_bus_dlq_messages_total', 'Messages sent to <topic>.dlq, by source topic and error code', ['topic', 'code']),
  inflight: gauge('winnow_bus_inflight_messages', 'Messages accepted by a subscription and not yet settled', ['topic', 'group']),
  published: counter('winnow_bus_published_messages_total', 'Records published, by topic', ['topic']),
};
