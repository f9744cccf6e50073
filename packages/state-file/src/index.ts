export { readJsonFile, readJsonFileSync, writeJsonFile, writeJsonFileSync } from './json-file.js';
export { openAppendLog, type AppendLog, type AppendLogOptions, type LoadedState } from './append-log.js';
export { openRecordLog, type RecordLog, type RecordLogOptions } from './record-log.js';
export { JsonText, type TextPart } from './text-parts.js';
