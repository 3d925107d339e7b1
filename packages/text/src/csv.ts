/** RFC 4180 CSV parser: quoted fields, doubled quotes, CR/LF inside quotes, CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * Parses CSV with a header row into records keyed by column name. Records have a null prototype:
 * column names come from the file, and looking up a missing column (say "constructor") must give
 * `undefined`, not a member of Object.prototype.
 */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => {
    const record: Record<string, string> = Object.create(null);
    header.forEach((h, i) => {
      record[h.trim()] = r[i] ?? '';
    });
    return record;
  });
}

/** A CSV row with the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Parses CSV and numbers each row by the line it starts on, so problems can name the line a
 * person sees in an editor. Walks the same grammar as `parseCsv` (quotes, doubled quotes, CRLF
 * or LF, blank rows dropped), so the n-th start belongs to the n-th parsed row.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows = parseCsv(text);
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const starts: number[] = [];
  let line = 1;
  let rowLine = 1;
  let fields = 1;
  let content = false;
  let quoted = false;
  const endRow = () => {
    if (fields > 1 || content) starts.push(rowLine);
    fields = 1;
    content = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      line++;
      if (quoted) {
        content = true;
        continue;
      }
      endRow();
      rowLine = line;
    } else if (c === '"') {
      if (quoted && input[i + 1] === '"') {
        content = true;
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) fields++;
    else content = true;
  }
  endRow();
  return rows.map((fields, i) => ({ line: starts[i] ?? i + 1, fields }));
}
