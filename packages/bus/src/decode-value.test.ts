import { crawlRequests, docsUnique } from '@winnow/types';
import { describe, expect, it } from 'vitest';
import { decodeValue } from './decode-value.js';

const request = {
  jobId: 'job-1',
  url: 'https://example.com/a',
  depth: 0,
  discoveredFrom: null,
  job: { seeds: ['https://example.com/'], maxDepth: 1, maxPages: 10, scope: 'host' },
  requestedAt: '2026-01-01T00:00:00.000Z',
};

describe('decodeValue', () => {
  it('returns the parsed value with the contract defaults applied', () => {
    const decoded = decodeValue(crawlRequests, JSON.stringify(request));
    expect(decoded).toEqual({ ok: true, value: { ...request, priority: 0, job: { ...request.job, include: [], exclude: [] } } });
  });

  it('names the offending fields of an invalid value', () => {
    const decoded = decodeValue(crawlRequests, JSON.stringify({ ...request, url: 'ftp://x', depth: -1 }));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error).toContain('url');
      expect(decoded.error).toContain('depth');
    }
  });

  it('rejects text that is not JSON', () => {
    expect(decodeValue(crawlRequests, '{nope').ok).toBe(false);
  });

  it('accepts tombstones only on compacted topics', () => {
    expect(decodeValue(docsUnique, null)).toEqual({ ok: true, value: null });
    expect(decodeValue(crawlRequests, null).ok).toBe(false);
  });
});
