import { DLQ_HEADERS } from '@winnow/types';
import { valueText } from './decode-value.js';
import { physicalDlqTopic, type ConsumedRecord, type WireRecord } from './wire.js';

export interface DlqReason {
  code: string;
  message: string;
  /** Who gave up on the message: the consumer group. */
  stage: string;
  attempt: number;
}

const MAX_MESSAGE = 2000;

/** The original key, value and headers, routed to `<topic>.dlq` with the error headers added. */
export function toDlqRecord(rec: ConsumedRecord, prefix: string, reason: DlqReason): WireRecord {
  return {
    topic: physicalDlqTopic(prefix, rec.topic),
    key: rec.key,
    value: rec.value === null ? null : valueText(rec.value),
    headers: {
      ...rec.headers,
      [DLQ_HEADERS.code]: reason.code,
      [DLQ_HEADERS.message]: reason.message.slice(0, MAX_MESSAGE),
      [DLQ_HEADERS.stage]: reason.stage,
      [DLQ_HEADERS.attempt]: String(reason.attempt),
      [DLQ_HEADERS.sourceTopic]: `${prefix}${rec.topic}`,
      [DLQ_HEADERS.sourcePartition]: String(rec.partition),
      [DLQ_HEADERS.sourceOffset]: rec.offset,
    },
  };
}
