import { describe, expect, it } from 'vitest';
import { exportFileName, exportOptionsSchema, toExportFilters } from './options.js';

describe('export options', () => {
  it('defaults to unique JSONL and treats empty parameters as absent', () => {
    const o = exportOptionsSchema.parse({ jobId: '', site: '' });
    expect(o).toEqual({ format: 'jsonl', mode: 'unique' });
    expect(toExportFilters(o)).toEqual({ verdicts: ['unique'] });
    expect(exportFileName(o)).toBe('winnow-unique.jsonl');
  });

  it('maps the mode and filters onto the read model', () => {
    const o = exportOptionsSchema.parse({ mode: 'all', verdict: 'duplicate', site: 'News.Example', minQuality: 'pass', publishedFrom: '2026-01-01' });
    expect(toExportFilters(o)).toEqual({ verdicts: ['duplicate'], site: 'news.example', qualityPass: true, publishedFrom: '2026-01-01' });
    expect(toExportFilters(exportOptionsSchema.parse({ mode: 'novel' })).verdicts).toEqual(['unique']);
    expect(toExportFilters(exportOptionsSchema.parse({ mode: 'all' })).verdicts).toEqual(['unique', 'duplicate']);
  });

  it('names the bad parameter', () => {
    const paths = (q: Record<string, string>) => exportOptionsSchema.safeParse(q).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ format: 'csv' })).toEqual(['format']);
    expect(paths({ fetchedTo: 'soon' })).toEqual(['fetchedTo']);
    expect(paths({ verdict: 'duplicate', mode: 'novel' })).toEqual(['verdict']);
    expect(exportOptionsSchema.safeParse({ colour: 'red' }).error?.issues[0]?.message).toContain('colour');
  });
});
