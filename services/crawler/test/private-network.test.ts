import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../src/private-network.js';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { html, page, redirect, startFixtureServer, type FixtureServer } from './support/fixture-server.js';

// 127.0.0.2 stands in for the public internet; every other private address keeps the default rules.
const PUBLIC_STAND_IN = '127.0.0.2';
const isPrivate = (address: string) => address !== PUBLIC_STAND_IN && isPrivateAddress(address);

describe('private-network guard (default configuration)', () => {
  let internal: FixtureServer;
  let publicSite: FixtureServer;
  let crawler: Harness;

  beforeAll(async () => {
    internal = await startFixtureServer({ '/': html(page('Admin panel')), '/secret': html(page('Secret')) });
    publicSite = await startFixtureServer(
      {
        '/': html(page('Public', ['/to-internal'])),
        '/to-internal': redirect(`${internal.origin()}/secret`),
        '/to-internal-name': redirect(`http://intranet.test:${internal.port}/secret`),
        '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
        '/to-mapped': redirect(`http://[::ffff:127.0.0.1]:${internal.port}/secret`),
      },
      PUBLIC_STAND_IN,
    );
    crawler = await startCrawler({
      env: { CRAWL_ALLOW_PRIVATE_NETWORKS: 'false' },
      hosts: {
        'public.test': PUBLIC_STAND_IN,
        'intranet.test': '127.0.0.1',
        'metadata.test': '169.254.169.254',
        'mapped.test': '::ffff:10.0.0.1',
      },
      isPrivateAddress: isPrivate,
    });
  });

  afterAll(async () => {
    await crawler.stop();
    await internal.close();
    await publicSite.close();
  });

  it('refuses loopback and private addresses, by literal or after DNS resolution', async () => {
    const seeds = [
      internal.origin(),
      `http://intranet.test:${internal.port}/`,
      'http://metadata.test/latest/meta-data/',
      'http://mapped.test/',
      `http://[::1]:${internal.port}/`,
    ];
    const result = await crawler.crawl(seeds, { maxDepth: 0 });
    for (const page of result.pages) expect(page).toMatchObject({ outcome: 'skipped', reason: 'private_network' });
    expect(result.counts).toMatchObject({ discovered: 5, skipped: 5, reasons: { private_network: 5 } });
    expect(internal.requests).toHaveLength(0);
  });

  it('checks every redirect hop, so a public page cannot bounce the crawler inward', async () => {
    const origin = `http://public.test:${publicSite.port}`;
    const seeds = ['/to-internal', '/to-internal-name', '/to-metadata', '/to-mapped'].map((p) => origin + p);
    const result = await crawler.crawl([`${origin}/`, ...seeds], { maxDepth: 0 });
    expect(result.page(`${origin}/`)).toMatchObject({ outcome: 'fetched' });
    for (const seed of seeds) expect(result.page(seed)).toMatchObject({ outcome: 'skipped', reason: 'private_network' });
    expect(internal.requests).toHaveLength(0);
  });
});
