// Loopback web sites the end-to-end and browser tests crawl.
export { BLOG_COMMENT, FIXTURE_PATHS, NEWS_PARAGRAPHS, fixtureResponse, startFixtureSite, type FixtureSite } from './fixture-site.js';
export { startSlowSite, type SlowSite } from './slow-site.js';
