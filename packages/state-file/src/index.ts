export { readJsonFile, readJsonFileSync, writeJsonFile, writeJsonFileSync } from './json-file.js';
