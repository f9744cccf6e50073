import { describe, expect, it } from 'vitest';
import { isJobComplete } from './job-view.js';

const progress = (discovered: number, failed = 0, skipped = 0) => ({
  discovered, fetched: 0, failed, skipped, extracted: 0, reasons: {},
});

describe('isJobComplete', () => {
  it('is done when every discovered URL is stored, failed or skipped', () => {
    expect(isJobComplete(progress(9, 1, 2), { unique: 5, duplicate: 1 })).toBe(true);
  });

  it('is running while a URL has no final state', () => {
    expect(isJobComplete(progress(9, 1, 2), { unique: 5, duplicate: 0 })).toBe(false);
  });

  it('is running before anything was discovered', () => {
    expect(isJobComplete(progress(0), { unique: 0, duplicate: 0 })).toBe(false);
  });
});
