import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ReadModel } from '@winnow/read-model';
import { uniqueDoc } from '@winnow/read-model/testing';
import { BLOG_COMMENT, NEWS_PARAGRAPHS, startFixtureSite, startSlowSite } from '@winnow/testing/sites';
import type { DocUnique, PageFetched } from '@winnow/types';
import type { Pipeline } from '../src/pipeline.js';

/** Where screenshots go: gitignored, kept by CI as artefacts. */
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', '..', 'artifacts', 'console');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, headless; no browser download is involved. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--lang=ko-KR,en-US'] });
}

/** A read model whose document writes fail while `down` is set: a store outage the API's consumer dead-letters. */
export function withOutage(): { outage: { down: boolean }; wrap: (store: ReadModel) => ReadModel } {
  const outage = { down: false };
  return {
    outage,
    wrap: (store) => ({
      ...store,
      applyVerdicts: async (records) => {
        if (outage.down) throw new Error('the read model is unreachable');
        return store.applyVerdicts(records);
      },
    }),
  };
}

const shot = async (page: Page, mode: string, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, `${mode}-${name}.png`), fullPage: true });
};

/**
 * What an operator does in the console, in a real browser: submit a job and watch it finish without a
 * reload, read the Korean repost with its own words highlighted and its source named, cancel a running
 * job, see a poison message and replay a good message that a store outage dead-lettered.
 */
export async function runConsoleScenario(opts: { mode: string; pipeline: Pipeline; port: number; outage: { down: boolean }; browser: Browser; token?: string }): Promise<void> {
  const { mode, pipeline, port, outage, browser } = opts;
  const base = `http://127.0.0.1:${port}`;
  const site = await startFixtureSite();
  const slow = await startSlowSite(400);
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  try {
    // With keys configured, the operator enters one first; pages without it say so.
    if (opts.token !== undefined) {
      const refused = await page.goto(`${base}/console/jobs`);
      expect(refused?.status()).toBe(401);
      await page.getByRole('link', { name: 'Enter an API key' }).click();
      await page.getByLabel('API key').fill(opts.token);
      await page.getByRole('button', { name: 'Use this key' }).click();
      await page.waitForURL(/\/console\/jobs$/);
    }
    // 1. Submit a job from the console; its counts reach done while the page stays loaded.
    await page.goto(`${base}/console/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByLabel('Seed URLs, one per line').fill(`${site.origin}/`);
    await page.getByLabel('Max depth').fill('2');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/);
    const jobUrl = page.url();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.locator('#job-live [data-status="done"]').waitFor({ timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(Number(await page.locator('[data-count="unique"]').textContent())).toBeGreaterThan(0);
    expect(Number(await page.locator('[data-count="duplicate"]').textContent())).toBeGreaterThan(0);
    // The live fragment also dropped the cancel button and filled in the per-host status.
    expect(await page.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);
    expect(await page.locator('table[aria-label="Hosts"]').textContent()).toContain('127.0.0.1');
    await shot(page, mode, 'job-done');
    const jobId = jobUrl.split('/').at(-1)!;

    // 2. Find the Korean repost by a word of its own and open it.
    await page.goto(`${base}/console/documents`);
    await page.getByLabel('Search text').fill('주차');
    await page.getByLabel('Job').fill(jobId);
    await page.getByRole('button', { name: 'Search' }).click();
    await shot(page, mode, 'documents');
    await page.getByRole('link', { name: /미술관 특별전 소식/ }).click();
    // The blogger's comment (and its own 출처 line) is highlighted; the copied article is not.
    const highlighted = await page.locator('.doc-text mark.novel').allTextContents();
    expect(highlighted).toEqual(expect.arrayContaining(BLOG_COMMENT));
    for (const p of NEWS_PARAGRAPHS) expect(highlighted).not.toContain(p);
    expect(await page.locator('.doc-text p.copied').allTextContents()).toEqual(NEWS_PARAGRAPHS);
    await expect.poll(() => page.locator('#sources').textContent()).toContain('시립 미술관, 지역 작가 특별전 개막');
    expect(await page.locator('h1').getAttribute('lang')).toBe('ko');
    await shot(page, mode, 'repost');

    // 3. Cancel a second, slow job.
    await page.goto(`${base}/console/jobs`);
    await page.getByLabel('Seed URLs, one per line').fill(`${slow.origin}/slow/0`);
    await page.getByLabel('Max pages').fill('500');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('#job-live [data-status="cancelled"]').waitFor();
    await shot(page, mode, 'job-cancelled');
    await page.goto(`${base}/console/jobs`);
    await shot(page, mode, 'jobs');

    // 4. A poison message on pages.fetched is listed in its DLQ.
    await pipeline.bus.publish([{ topic: 'pages.fetched', key: 'poison', value: { not: 'a page' } as unknown as PageFetched }]);
    await expect
      .poll(async () => {
        await page.goto(`${base}/console/dlq?topic=pages.fetched`);
        return page.locator('tr[data-dead-letter]').filter({ hasText: 'poison' }).count();
      }, { timeout: 30_000 })
      .toBe(1);
    expect(await page.locator('tr[data-dead-letter]').filter({ hasText: 'poison' }).textContent()).toContain('WINNOW_ERR_INVALID_MESSAGE');
    await shot(page, mode, 'dlq-poison');

    // 5. A good document dead-lettered during a store outage is replayed after it, and stored.
    const doc: DocUnique = uniqueDoc({ url: `${site.origin}/outage`, jobId, title: '장애 뒤에 저장된 문서', lang: 'ko', text: '저장소가 멈춘 동안 도착한 문서입니다. 다시 보내면 저장됩니다.' });
    outage.down = true;
    await pipeline.bus.publish([{ topic: 'docs.unique', key: doc.docId, value: doc }]);
    await expect
      .poll(async () => {
        await page.goto(`${base}/console/dlq?topic=docs.unique`);
        return page.locator('tr[data-dead-letter]').filter({ hasText: doc.docId }).count();
      }, { timeout: 60_000 })
      .toBe(1);
    outage.down = false;
    const row = page.locator('tr[data-dead-letter]').filter({ hasText: doc.docId });
    expect(await row.textContent()).toContain('WINNOW_ERR_RETRIES_EXHAUSTED');
    await shot(page, mode, 'dlq-retries-exhausted');
    await row.getByRole('button', { name: /^Replay/ }).click();
    expect(await page.locator('#replay-count').textContent()).toContain('Dry run: 1 message');
    await shot(page, mode, 'dlq-dry-run');
    await page.getByRole('button', { name: 'Replay 1 message' }).click();
    expect(await page.locator('#replay-result').textContent()).toContain('Replayed 1 message to docs.unique');
    await expect
      .poll(async () => (await page.goto(`${base}/console/documents/${doc.docId}`))?.status(), { timeout: 30_000 })
      .toBe(200);
    expect(await page.locator('h1').textContent()).toBe('장애 뒤에 저장된 문서');

    // 6. The pipeline view: lag per group and topic, and messages per second once a second sample exists.
    await page.goto(`${base}/console/pipeline`);
    await expect.poll(() => page.locator('#pipeline-live td').filter({ hasText: /^\d+\.\d$/ }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot(page, mode, 'pipeline');
  } finally {
    await context.close();
    await site.close();
    await slow.close();
  }
}
