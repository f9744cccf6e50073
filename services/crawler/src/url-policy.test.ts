import { describe, expect, it } from 'vitest';
import { refusalFor } from './url-policy.js';

const job = (over: Partial<{ scope: 'host' | 'domain' | 'any'; include: string[]; exclude: string[] }> = {}) => ({
  seeds: ['https://www.example.com/'],
  maxDepth: 3,
  maxPages: 100,
  scope: 'host' as const,
  include: [],
  exclude: [],
  ...over,
});

describe('refusalFor', () => {
  it('keeps URLs within the scope', () => {
    expect(refusalFor('https://www.example.com/a', job())).toBeNull();
    expect(refusalFor('https://blog.example.com/a', job())).toBe('out_of_scope');
    expect(refusalFor('https://blog.example.com/a', job({ scope: 'domain' }))).toBeNull();
    expect(refusalFor('https://other.org/', job({ scope: 'any' }))).toBeNull();
  });

  it('applies include and exclude globs and regular expressions', () => {
    const j = job({ include: ['https://www.example.com/news/*'], exclude: ['*/calendar/*', '/[?&]page=\\d{3,}/'] });
    expect(refusalFor('https://www.example.com/news/1', j)).toBeNull();
    expect(refusalFor('https://www.example.com/about', j)).toBe('out_of_scope');
    expect(refusalFor('https://www.example.com/news/calendar/2024', j)).toBe('out_of_scope');
    expect(refusalFor('https://www.example.com/news/list?page=100', j)).toBe('out_of_scope');
    expect(refusalFor('https://www.example.com/news/list?page=10', j)).toBeNull();
  });
});
