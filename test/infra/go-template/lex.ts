/**
 * Splits a Go text/template into text and actions, the way text/template's lexer does for the
 * subset Helm charts use: `{{- ` trims the whitespace before an action, ` -}}` the whitespace after
 * it, `{{/* … *\/}}` is a comment, and strings inside an action may contain `}}`.
 */

export type Token =
  | { kind: 'field'; chain: string[] } // `.` alone has an empty chain
  | { kind: 'variable'; name: string; chain: string[] } // `$` alone has the name ''
  | { kind: 'identifier'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; value: '(' | ')' | '|' | ':=' | '=' | ',' };

export type Piece = { kind: 'text'; text: string } | { kind: 'action'; tokens: Token[] };

/** Go's unicode.IsSpace for the characters templates meet. */
const SPACE = /[ \t\r\n\v\f]/;

export function lex(source: string, name: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  let trimNextText = false;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    let text = source.slice(at, open === -1 ? source.length : open);
    if (trimNextText) text = text.replace(/^[ \t\r\n\v\f]+/, '');
    trimNextText = false;
    if (open === -1) {
      pieces.push({ kind: 'text', text });
      break;
    }
    let start = open + 2;
    if (source[start] === '-' && SPACE.test(source[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n\v\f]+$/, '');
      start += 2;
    }
    pieces.push({ kind: 'text', text });
    const { tokens, end, trimAfter } = lexAction(source, start, name);
    if (tokens !== 'comment') pieces.push({ kind: 'action', tokens });
    trimNextText = trimAfter;
    at = end;
  }
  return pieces.filter((p) => p.kind === 'action' || p.text !== '');
}

function lexAction(
  source: string,
  from: number,
  name: string,
): { tokens: Token[] | 'comment'; end: number; trimAfter: boolean } {
  const fail = (why: string): never => {
    const line = source.slice(0, from).split('\n').length;
    throw new Error(`${name}:${line}: ${why}`);
  };
  let at = from;
  while (SPACE.test(source[at] ?? '')) at++;
  if (source.startsWith('/*', at)) {
    const close = source.indexOf('*/', at + 2);
    if (close === -1) fail('unclosed comment');
    return closeAction(source, close + 2, fail, 'comment');
  }
  const tokens: Token[] = [];
  for (;;) {
    while (SPACE.test(source[at] ?? '')) at++;
    if (at >= source.length) fail('unclosed action');
    if (source.startsWith('}}', at) || source.startsWith('-}}', at))
      return closeAction(source, at, fail, tokens);
    const rest = source.slice(at);
    const match =
      /^(?:(?<punct>:=|[()|=,])|(?<string>"(?:[^"\\\n]|\\.)*")|(?<raw>`[^`]*`)|(?<number>-?\d+(?:\.\d+)?)|(?<variable>\$[A-Za-z0-9_]*)(?<varChain>(?:\.[A-Za-z0-9_]+)*)|(?<field>(?:\.[A-Za-z0-9_]+)+|\.)|(?<identifier>[A-Za-z_][A-Za-z0-9_]*))/.exec(
        rest,
      );
    const g = match?.groups;
    if (!match || !g) return fail(`unsupported syntax at "${rest.slice(0, 20)}"`);
    if (g.punct) tokens.push({ kind: 'punct', value: g.punct as ':=' });
    else if (g.string) tokens.push({ kind: 'string', value: JSON.parse(g.string) as string });
    else if (g.raw) tokens.push({ kind: 'string', value: g.raw.slice(1, -1) });
    else if (g.number) tokens.push({ kind: 'number', value: Number(g.number) });
    else if (g.variable !== undefined)
      tokens.push({
        kind: 'variable',
        name: g.variable.slice(1),
        chain: g.varChain ? g.varChain.slice(1).split('.') : [],
      });
    else if (g.field) tokens.push({ kind: 'field', chain: g.field.split('.').filter(Boolean) });
    else tokens.push({ kind: 'identifier', name: g.identifier! });
    at += match[0].length;
  }
}

function closeAction<T>(
  source: string,
  at: number,
  fail: (why: string) => never,
  tokens: T,
): { tokens: T; end: number; trimAfter: boolean } {
  let i = at;
  while (SPACE.test(source[i] ?? '')) i++;
  if (source.startsWith('-}}', i) && SPACE.test(source[i - 1] ?? ''))
    return { tokens, end: i + 3, trimAfter: true };
  if (source.startsWith('}}', i)) return { tokens, end: i + 2, trimAfter: false };
  return fail('expected }}');
}
