import { mkdtempSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocExtracted } from '@winnow/types';
import { createFileJudgedDocStore, type DocPlace } from './file-judged-doc-store.js';

// The store keeps whatever document it is given; only its docId matters to it.
const doc = (docId: string, text: string): DocExtracted => ({ docId, text, url: `https://example.com/${docId}` }) as unknown as DocExtracted;
const file = () => join(mkdtempSync(join(tmpdir(), 'judged-docs-')), 'docs.bin');
const traceparent = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;

describe('file judged-document store', () => {
  it('gives back each document as it was last stored, with its trace, from the file alone after a reopen', async () => {
    const path = file();
    const places: DocPlace[] = [];
    const first = createFileJudgedDocStore({ file: path, onPut: (p) => places.push(p) });
    await first.put(doc('a', 'first text'), traceparent);
    await first.put(doc('b', '두 번째 글'));
    await first.put(doc('a', 'the text changed'), traceparent);
    expect(await first.get('a')).toEqual({ doc: doc('a', 'the text changed'), traceparent });
    expect(await first.get('missing')).toBeNull();
    first.close();

    const second = createFileJudgedDocStore({ file: path });
    for (const p of places) expect(second.restore(p)).toBe(true);
    expect(await second.get('a')).toEqual({ doc: doc('a', 'the text changed'), traceparent });
    expect(await second.get('b')).toEqual({ doc: doc('b', '두 번째 글'), traceparent: null });
    expect(second.all().map((d) => d.text).sort()).toEqual(['the text changed', '두 번째 글']);
    second.close();
  });

  it('refuses a place the file no longer holds whole (a write lost in a crash), keeping the earlier one', async () => {
    const path = file();
    const places: DocPlace[] = [];
    const store = createFileJudgedDocStore({ file: path, onPut: (p) => places.push(p) });
    await store.put(doc('a', 'kept'));
    await store.put(doc('a', 'lost'));
    store.close();
    truncateSync(path, places[1]!.offset + 1);

    const reopened = createFileJudgedDocStore({ file: path });
    expect(reopened.restore(places[0]!)).toBe(true);
    expect(reopened.restore(places[1]!)).toBe(false);
    expect((await reopened.get('a'))?.doc.text).toBe('kept');
    reopened.close();
  });

  it('keeps the places of two stores appending to one file apart (an instance and its replacement)', async () => {
    const path = file();
    const one = createFileJudgedDocStore({ file: path });
    const two = createFileJudgedDocStore({ file: path });
    for (let i = 0; i < 20; i++) {
      await one.put(doc(`d${i}`, `one ${i}`));
      await two.put(doc(`d${i}`, `two ${i}`));
    }
    for (let i = 0; i < 20; i++) {
      expect((await one.get(`d${i}`))?.doc.text).toBe(`one ${i}`);
      expect((await two.get(`d${i}`))?.doc.text).toBe(`two ${i}`);
    }
    one.close();
    two.close();
  });
});

describe('file judged-document store, moved', () => {
  it('moves only the documents as last stored to a new file, which then holds them alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judged-docs-'));
    const store = createFileJudgedDocStore({ file: join(dir, 'old.bin') });
    for (let i = 0; i < 5; i++) await store.put(doc('a', `version ${i} of a`), traceparent);
    await store.put(doc('b', 'only b'));
    expect(store.deadBytes()).toBeGreaterThan(0);
    const places: DocPlace[] = [];
    store.moveTo(join(dir, 'new.bin'));
    expect(store.deadBytes()).toBe(0);
    for (const p of store.places()) places.push(p);
    await store.put(doc('c', 'after the move'));
    for (const p of store.places()) if (p.docId === 'c') places.push(p);
    store.close();

    const reopened = createFileJudgedDocStore({ file: join(dir, 'new.bin') });
    for (const p of places) expect(reopened.restore(p)).toBe(true);
    expect(await reopened.get('a')).toEqual({ doc: doc('a', 'version 4 of a'), traceparent });
    expect((await reopened.get('b'))?.doc.text).toBe('only b');
    expect((await reopened.get('c'))?.doc.text).toBe('after the move');
    reopened.close();
  });
});
