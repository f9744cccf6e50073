export { isAllowed, isAllowedForStatus, parseRobots, type ParsedRobots } from './is-allowed.js';
