import { expect, it } from 'vitest';
import { isAllowedForStatus, robotsStatusPolicy } from './status.js';

it.each([
  [200, 'parse', true],
  [204, 'parse', true],
  [301, 'allow-all', true],
  [400, 'allow-all', true],
  [401, 'allow-all', true],
  [403, 'allow-all', true],
  [404, 'allow-all', true],
  [410, 'allow-all', true],
  [429, 'disallow-all', false],
  [500, 'disallow-all', false],
  [503, 'disallow-all', false],
  [599, 'disallow-all', false],
  [0, 'disallow-all', false],
])('status %i: %s', (status, policy, allowed) => {
  expect(robotsStatusPolicy(status)).toBe(policy);
  expect(isAllowedForStatus(status)).toBe(allowed);
});
