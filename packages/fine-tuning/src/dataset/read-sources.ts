import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { responseIntent } from '@switchboard/brand-voice';
import { SwitchboardError } from '@switchboard/core';
import { parseCsvRows, parseJsonl } from '@switchboard/text';
import type { ChatTurn, DatasetRecord, LineProblem } from './types.ts';

/** Records read from one source, and every line that could not be read (as errors). */
export interface SourceRead {
  records: DatasetRecord[];
  problems: LineProblem[];
}

const ROLES = new Set(['system', 'user', 'assistant']);
const CSV_COLUMNS = ['instruction', 'intent', 'response'] as const;

const clean = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** Checks one chat-format line; returns the record or the problem (code + reason). */
function chatRecord(
  value: unknown,
  source: string,
  line: number,
): DatasetRecord | Pick<LineProblem, 'code' | 'reason'> {
  const schema = (reason: string) => ({ code: 'schema', reason });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return schema('not a JSON object');
  const { messages, intent } = value as { messages?: unknown; intent?: unknown };
  if (!Array.isArray(messages) || messages.length === 0) return schema('missing "messages" array');
  const turns: ChatTurn[] = [];
  for (const [i, m] of messages.entries()) {
    const { role, content } = (m ?? {}) as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role))
      return schema(`message ${i} has an unknown role ${JSON.stringify(role)}`);
    if (typeof content !== 'string') return schema(`message ${i} has no text content`);
    turns.push({ role: role as ChatTurn['role'], content: clean(content) });
  }
  if (intent !== undefined && (typeof intent !== 'string' || !intent.trim()))
    return schema('"intent" is not a non-empty string');
  // A system turn is allowed first only; it is replaced by the brand's prompt on export.
  const dialogue = turns[0]?.role === 'system' ? turns.slice(1) : turns;
  for (const [i, turn] of dialogue.entries()) {
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (turn.role !== expected) {
      const at = i + turns.length - dialogue.length;
      return {
        code: 'role_order',
        reason: `message ${at} is "${turn.role}" where "${expected}" was expected (order: system?, user, assistant, user, assistant …)`,
      };
    }
  }
  if (dialogue.at(-1)?.role !== 'assistant')
    return { code: 'role_order', reason: 'the conversation does not end with an assistant reply' };
  const empty = turns.findIndex((t) => !t.content);
  if (empty >= 0)
    return { code: 'empty_turn', reason: `message ${empty} (${turns[empty]!.role}) is empty` };
  const reply = dialogue.at(-1)!.content;
  return {
    origin: { source, line },
    messages: dialogue,
    intent: typeof intent === 'string' ? intent.trim() : responseIntent(reply),
  };
}

/** Reads OpenAI chat fine-tuning JSONL (one conversation per line, optional `intent`). */
export function readChatJsonl(text: string, source: string): SourceRead {
  const out: SourceRead = { records: [], problems: [] };
  for (const entry of parseJsonl(text)) {
    const at = { source, line: entry.line, severity: 'error' as const };
    if ('error' in entry) {
      out.problems.push({ ...at, code: 'invalid_json', reason: `invalid JSON: ${entry.error}` });
      continue;
    }
    const read = chatRecord(entry.value, source, entry.line);
    if ('origin' in read) out.records.push(read);
    else out.problems.push({ ...at, ...read });
  }
  return out;
}

/** Reads CSV with (at least) `instruction,intent,response` columns, e.g. the Bitext layout. */
export function readInstructionCsv(text: string, source: string): SourceRead {
  const out: SourceRead = { records: [], problems: [] };
  const [header, ...rows] = parseCsvRows(text);
  if (!header) return out;
  const column = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = CSV_COLUMNS.filter((name) => !column.has(name));
  if (missing.length > 0) {
    out.problems.push({
      source,
      line: header.line,
      severity: 'error',
      code: 'schema',
      reason: `missing column(s): ${missing.join(', ')}`,
    });
    return out;
  }
  for (const row of rows) {
    const at = { source, line: row.line, severity: 'error' as const };
    if (row.fields.length < header.fields.length) {
      out.problems.push({
        ...at,
        code: 'schema',
        reason: `expected ${header.fields.length} columns, found ${row.fields.length}`,
      });
      continue;
    }
    const [question, intent, reply] = CSV_COLUMNS.map((name) =>
      clean(row.fields[column.get(name)!] ?? ''),
    ) as [string, string, string];
    const empty = CSV_COLUMNS.filter((_, i) => ![question, intent, reply][i]);
    if (empty.length > 0) {
      out.problems.push({ ...at, code: 'empty_turn', reason: `empty ${empty.join(', ')}` });
      continue;
    }
    out.records.push({
      origin: { source, line: row.line },
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: reply },
      ],
      intent,
    });
  }
  return out;
}

const READERS: ReadonlyMap<string, (text: string, source: string) => SourceRead> = new Map([
  ['.jsonl', readChatJsonl],
  ['.csv', readInstructionCsv],
]);

/**
 * Reads a curated dataset file: `.jsonl` (chat format) or `.csv` (instruction,intent,response).
 * Unusable lines come back as errors with their line number; an unknown extension or an
 * unreadable file is a `DATA_INVALID` error.
 */
export async function readDatasetFile(path: string): Promise<SourceRead> {
  const read = READERS.get(extname(path).toLowerCase());
  if (!read) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `Unsupported dataset file ${path}: expected .jsonl (chat format) or .csv (instruction,intent,response).`,
      { details: { path } },
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SwitchboardError('DATA_INVALID', `Cannot read dataset file ${path}.`, {
      cause,
      details: { path },
    });
  }
  return read(text, path);
}
