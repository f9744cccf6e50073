import { describe, expect, it } from 'vitest';
import { eventHeaders, freshTraceparent } from './cloud-events.js';

describe('CloudEvents headers', () => {
  it('carries the binary-mode attributes; traceparent is added when the record is sent', () => {
    const headers = eventHeaders('winnow.x.v1', 'winnow/test');
    expect(headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'winnow.x.v1', ce_source: 'winnow/test', 'content-type': 'application/json' });
    expect(headers.traceparent).toBeUndefined();
  });

  it('starts a fresh, unsampled trace for each record when no SDK propagates one', () => {
    const a = freshTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(a).not.toBe(freshTraceparent());
  });
});
