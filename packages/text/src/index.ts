export { type CsvRow, parseCsv, parseCsvRecords, parseCsvRows } from './csv.ts';
export { decodeUtf8 } from './decode-utf8.ts';
export { sha256 } from './hash.ts';
export { type JsonlLine, parseJsonl } from './jsonl.ts';
export { memoized } from './memo.ts';
export { seededRandom, shuffleInPlace } from './random.ts';
export { STOPWORDS } from './stopwords.ts';
export { isStopword, stem, terms, words } from './tokenize.ts';
