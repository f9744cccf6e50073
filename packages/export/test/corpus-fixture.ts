import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens, languageScore } from '@winnow/extract';
import type { ReadModel } from '@winnow/read-model';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { QUALITY_RULE_NAMES, type DocUnique } from '@winnow/types';

const here = dirname(fileURLToPath(import.meta.url));
/** The seed repost: a blog post carrying a 서울경제 article (lines 5-13) and a TensorFlow KR comment (14-17). */
export const seedText = readFileSync(resolve(here, '../../../../shared/seed/blog-repost-ko.txt'), 'utf8');
const lines = seedText.split('\n').map((l) => l.trim()).filter((l) => l !== '');
export const articleText = lines.slice(4, 13).join('\n\n');
/** What the deduplicator leaves of the repost once the article is taken out: the blogger's own part. */
export const novelText = lines.slice(13, 17).join('\n\n');

function quality(text: string, pass: boolean): DocUnique['quality'] {
  const rules = Object.fromEntries(
    QUALITY_RULE_NAMES.map((name) => [name, { value: 1, pass: name === 'gopherStopWords' ? pass : true }]),
  ) as NonNullable<DocUnique['quality']['rules']>;
  return { chars: text.length, words: 10, hangulSyllables: 5, linkDensity: 0, boilerplateRatio: 0.1, repetition: 0, rules, pass };
}

/** What the extractor (0.3.0 on) measures of a text: how sure its language is and its token count. */
export const measured = (text: string, lang: string) => ({ langScore: languageScore(text, lang), tokenCount: countTokens(text) });

export const urls = {
  article: 'https://www.sedaily.example/news/ai-talent',
  repost: 'https://blog.example.kr/entry/ai-talent',
  copy: 'https://copy.example.kr/ai-talent',
  linkFarm: 'https://farm.example.com/',
};

/**
 * Four documents: the original article, the seed blog repost that embeds it (unique, with a source and
 * its novelText), an exact copy of the article (a duplicate) and an English link farm failing quality,
 * extracted before language scores and token counts were sent.
 */
export async function seedCorpus(store: ReadModel, jobId = 'job-export'): Promise<Record<keyof typeof urls, string>> {
  const article = uniqueDoc(
    { url: urls.article, text: articleText, lang: 'ko', jobId, title: 'AI 인재 확보전', publishedAt: '2017-07-04T09:00:00.000Z' },
    { byline: '홍길동 기자', quality: quality(articleText, true), extractorVersion: 'winnow-extract/0.2.0', ...measured(articleText, 'ko') },
  );
  const repost = uniqueDoc(
    { url: urls.repost, text: seedText, lang: 'ko', jobId, title: 'AI 인재 확보전 (퍼옴)', clusterId: article.docId },
    { sources: [{ id: article.docId, relation: 'contains', containment: 0.97 }], novelText, quality: quality(seedText, true), version: 3, ...measured(seedText, 'ko') },
  );
  const copy = duplicateDoc({ url: urls.copy, text: articleText, lang: 'ko', jobId }, { docId: article.docId, clusterId: article.docId }, {
    quality: quality(articleText, true),
    ...measured(articleText, 'ko'),
  });
  const farmText = Array.from({ length: 20 }, (_, i) => `Cheap pills ${i}`).join('\n');
  const farm = uniqueDoc({ url: urls.linkFarm, text: farmText, lang: 'en', jobId }, { quality: quality(farmText, false) });
  await store.upsertUnique(article);
  await store.upsertUnique(repost);
  await store.markDuplicate(copy);
  await store.upsertUnique(farm);
  return { article: article.docId, repost: repost.docId, copy: copy.docId, linkFarm: farm.docId };
}
