import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { parseCsvRecords, parseJsonl } from '@switchboard/text';

export interface LabeledText {
  text: string;
  label: string;
}

/** Column names accepted for the label, in order of preference (BANKING77 uses `category`). */
const LABEL_COLUMNS = ['label', 'category', 'intent'];
/** Column names accepted for the text, in order of preference (HINT3 uses `sentence`). */
const TEXT_COLUMNS = ['text', 'sentence'];

function invalid(path: string, reason: string): SwitchboardError {
  return new SwitchboardError('DATA_INVALID', `${path}: ${reason}`, { details: { path } });
}

function fromCsv(path: string, text: string): LabeledText[] {
  const records = parseCsvRecords(text);
  const columns = Object.keys(records[0] ?? {});
  const labelColumn = LABEL_COLUMNS.find((c) => columns.includes(c));
  const textColumn = TEXT_COLUMNS.find((c) => columns.includes(c));
  if (!textColumn || !labelColumn) {
    throw invalid(
      path,
      `expected one of ${TEXT_COLUMNS.join('/')} and one of ${LABEL_COLUMNS.join('/')}; found ${columns.join(', ')}`,
    );
  }
  return records.map((r, i) => {
    const item = { text: (r[textColumn] ?? '').trim(), label: (r[labelColumn] ?? '').trim() };
    if (!item.text || !item.label)
      throw invalid(path, `record ${i + 1} has an empty text or label`);
    return item;
  });
}

function fromJsonl(path: string, text: string): LabeledText[] {
  return parseJsonl(text).map((entry) => {
    if ('error' in entry) throw invalid(path, `line ${entry.line}: ${entry.error}`);
    const { text: t, label } = (entry.value ?? {}) as { text?: unknown; label?: unknown };
    if (typeof t !== 'string' || typeof label !== 'string' || !t.trim() || !label.trim()) {
      throw invalid(path, `line ${entry.line}: expected {"text": string, "label": string}`);
    }
    return { text: t.trim(), label: label.trim() };
  });
}

/**
 * Loads an intent-classification set: CSV with `text` and `label` (or `category`, or `intent`)
 * columns, or JSONL of `{"text", "label"}`. Evaluation data must be clean, so any bad record is
 * a `DATA_INVALID` error naming it rather than a silently smaller test set.
 */
export async function loadLabeledTexts(path: string): Promise<LabeledText[]> {
  const kind = extname(path).toLowerCase();
  if (kind !== '.csv' && kind !== '.jsonl') throw invalid(path, 'expected a .csv or .jsonl file');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new SwitchboardError('DATA_INVALID', `Cannot read ${path}.`, {
      cause,
      details: { path },
    });
  });
  return kind === '.csv' ? fromCsv(path, text) : fromJsonl(path, text);
}
