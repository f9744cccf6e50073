// Runs every IsUserAgentAllowed case of Google's robots_test.cc through
// @winnow/robots and through the npm package robots-parser, and prints how many
// each gets wrong. Run: npm run compare -w @winnow/robots
import { createRequire } from 'node:module';
import { googleCases } from '../testing/google-cases.js';
import { isAllowed } from '../src/is-allowed.js';

interface PeerRobots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS and its typings do not describe `module.exports` under NodeNext.
const require = createRequire(import.meta.url);
const robotsParser = require('robots-parser') as (url: string, txt: string) => PeerRobots;

function peerAllowed(robotsTxt: string, userAgent: string, url: string): boolean {
  const origin = /^https?:\/\/[^/]+/.exec(url)?.[0] ?? 'http://foo.bar';
  try {
    // robots-parser answers undefined for a URL it cannot place; count that as allowed.
    return robotsParser(`${origin}/robots.txt`, robotsTxt).isAllowed(url, userAgent) ?? true;
  } catch {
    return true;
  }
}

let winnowWrong = 0;
let peerWrong = 0;
const peerFailures = new Map<string, number>();
for (const c of googleCases) {
  if (isAllowed(c.robotsTxt, c.userAgent, c.url) !== c.allowed) winnowWrong++;
  if (peerAllowed(c.robotsTxt, c.userAgent, c.url) !== c.allowed) {
    peerWrong++;
    peerFailures.set(c.test, (peerFailures.get(c.test) ?? 0) + 1);
  }
}

console.log(`Google robots_test.cc IsUserAgentAllowed cases: ${googleCases.length}`);
console.log(`@winnow/robots wrong: ${winnowWrong}`);
console.log(`robots-parser wrong:  ${peerWrong}`);
for (const [test, n] of peerFailures) console.log(`  ${test}: ${n}`);

// Speed on the same cases, parse plus match for each, in this run.
function casesPerSecond(judge: (robotsTxt: string, userAgent: string, url: string) => boolean): number {
  const rounds = 50;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const c of googleCases) judge(c.robotsTxt, c.userAgent, c.url);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (rounds * googleCases.length) / seconds;
}
casesPerSecond(isAllowed); // warm-up
casesPerSecond(peerAllowed);
const ours = casesPerSecond(isAllowed);
const peer = casesPerSecond(peerAllowed);
console.log(`@winnow/robots: ${ours.toFixed(0)} cases/s, robots-parser: ${peer.toFixed(0)} cases/s, ratio ${(ours / peer).toFixed(2)}x`);
