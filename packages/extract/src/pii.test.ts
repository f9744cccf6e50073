import { describe, expect, it } from 'vitest';
import { countPii, maskPii } from './pii.js';

describe('pii', () => {
  const text = '문의: hong@example.com, 010-1234-5678 또는 02-123-4567. Call (555) 123-4567 or +82 10 1234 5678.';

  it('counts e-mails and phone numbers', () => {
    expect(countPii(text)).toEqual({ emails: 1, phones: 4 });
  });

  it('masks them', () => {
    expect(maskPii(text)).toBe('문의: [email], [phone] 또는 [phone]. Call [phone] or [phone].');
  });

  it('leaves dates, years and prices alone', () => {
    expect(countPii('2017.07.04 17:32 기준 1,234,567원, 2019-11-18')).toEqual({ emails: 0, phones: 0 });
  });
});
