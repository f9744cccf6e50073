// Contract suites every dedup Index and SiteBoilerplate implementation runs, and their texts.
export { doc, runIndexContract } from './contract-suite.js';
export { runSiteBoilerplateContract } from './site-boilerplate-contract.js';
export { EN_ARTICLE, EN_COMMENT, EN_SAME_TOPIC, KO_ARTICLE, KO_COMMENT, repost, sitePage, syntheticText } from './contract-fixtures.js';
