import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { parseBitextCsv } from './bitext-csv.ts';
import { parseChatJsonl } from './chat-jsonl.ts';
import type { BrandDataset } from './types.ts';

const PARSERS: ReadonlyMap<string, (text: string) => BrandDataset> = new Map([
  ['.jsonl', parseChatJsonl],
  ['.csv', parseBitextCsv],
]);

/**
 * Loads approved support replies from a chat-format JSONL file or a Bitext-layout CSV file. Bad
 * lines are reported in `problems` (with their line number) and skipped, never thrown; an unknown
 * extension or an unreadable file is a `DATA_INVALID` error.
 */
export async function loadBrandDataset(path: string): Promise<BrandDataset> {
  const parse = PARSERS.get(extname(path).toLowerCase());
  if (!parse) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `Unsupported brand dataset ${path}: expected a .jsonl (chat format) or .csv (instruction,intent,response) file.`,
      { details: { path } },
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SwitchboardError('DATA_INVALID', `Cannot read brand dataset ${path}.`, {
      cause,
      details: { path },
    });
  }
  return parse(text);
}
