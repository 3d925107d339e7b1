import { lex, type Piece, type Token } from './lex.ts';

/** One argument of a command: a value, or (first in its command) the name of a function. */
export type Operand =
  | { kind: 'field'; chain: string[] }
  | { kind: 'variable'; name: string; chain: string[] }
  | { kind: 'function'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'pipeline'; pipeline: Pipeline };

export interface Pipeline {
  /** Variables declared (`:=`) or assigned (`=`) by the pipeline. */
  variables: string[];
  assign: boolean;
  /** Commands joined by `|`: each one's result is the last argument of the next. */
  commands: Operand[][];
}

/** `if`, `with` and `range`: a pipeline, a body, and what runs when the pipeline is empty. */
interface Block {
  pipeline: Pipeline;
  body: Node[];
  otherwise: Node[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; pipeline: Pipeline }
  | ({ kind: 'if' } & Block)
  | ({ kind: 'with' } & Block)
  | ({ kind: 'range' } & Block)
  | { kind: 'template'; name: string; pipeline: Pipeline | undefined };

type BlockNode = Extract<Node, Block>;

export interface ParsedTemplate {
  body: Node[];
  /** `{{ define "name" }}` blocks, shared by every file of a chart. */
  defines: Map<string, Node[]>;
}

type Frame = { kind: BlockNode['kind'] | 'define'; node?: BlockNode; name?: string };

/** Parses one file; throws on anything outside the supported subset (never renders it wrongly). */
export function parseTemplate(source: string, name: string): ParsedTemplate {
  const defines = new Map<string, Node[]>();
  const root: Node[] = [];
  const stack: Array<{ frame: Frame; into: Node[] }> = [];
  let into = root;
  const fail = (why: string): never => {
    throw new Error(`${name}: ${why}`);
  };

  const open = (frame: Frame, body: Node[]) => {
    stack.push({ frame, into });
    into = body;
  };

  for (const piece of lex(source, name) as Piece[]) {
    if (piece.kind === 'text') {
      into.push({ kind: 'text', text: piece.text });
      continue;
    }
    const [head, ...rest] = piece.tokens;
    const keyword = head?.kind === 'identifier' ? head.name : undefined;
    if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
      const node: BlockNode = {
        kind: keyword,
        pipeline: parsePipeline(rest, fail),
        body: [],
        otherwise: [],
      };
      into.push(node);
      open({ kind: keyword, node }, node.body);
    } else if (keyword === 'else') {
      const top = stack.at(-1);
      const node = top?.frame.node;
      if (!top || !node) return fail('else outside if/with/range');
      if (rest[0]?.kind === 'identifier' && rest[0].name === 'if') {
        // `else if` is an if nested in the else branch, closed by the same `end`.
        const nested: BlockNode = {
          kind: 'if',
          pipeline: parsePipeline(rest.slice(1), fail),
          body: [],
          otherwise: [],
        };
        node.otherwise.push(nested);
        top.frame.node = nested;
        into = nested.body;
      } else {
        if (rest.length > 0) fail('unsupported else clause');
        into = node.otherwise;
      }
    } else if (keyword === 'end') {
      const top = stack.pop() ?? fail('end without a block');
      if (top.frame.kind === 'define') defines.set(top.frame.name!, into);
      into = top.into;
    } else if (keyword === 'define') {
      if (stack.length > 0) fail('define inside a block');
      const templateName = stringArgument(rest, 'define', fail);
      open({ kind: 'define', name: templateName }, []);
    } else if (keyword === 'template') {
      const [nameToken, ...args] = rest;
      if (nameToken?.kind !== 'string') return fail('template needs a quoted name');
      into.push({
        kind: 'template',
        name: nameToken.value,
        pipeline: args.length ? parsePipeline(args, fail) : undefined,
      });
    } else if (keyword && ['block', 'break', 'continue'].includes(keyword)) {
      fail(`${keyword} is not supported by this renderer`);
    } else {
      into.push({ kind: 'output', pipeline: parsePipeline(piece.tokens, fail) });
    }
  }
  if (stack.length > 0) fail(`unclosed ${stack.at(-1)!.frame.kind}`);
  return { body: root, defines };
}

function stringArgument(tokens: Token[], what: string, fail: (why: string) => never): string {
  const [only, ...extra] = tokens;
  if (only?.kind !== 'string' || extra.length > 0) return fail(`${what} needs one quoted name`);
  return only.value;
}

function parsePipeline(tokens: Token[], fail: (why: string) => never): Pipeline {
  let at = 0;
  const variables: string[] = [];
  let assign = false;
  // `$a :=`, `$a, $b :=` (range) or `$a =`.
  const declEnd = tokens.findIndex(
    (t) => t.kind === 'punct' && (t.value === ':=' || t.value === '='),
  );
  if (declEnd > 0 && tokens.slice(0, declEnd).every((t) => t.kind === 'variable' || isComma(t))) {
    for (const t of tokens.slice(0, declEnd)) if (t.kind === 'variable') variables.push(t.name);
    assign = (tokens[declEnd] as { value: string }).value === '=';
    at = declEnd + 1;
  }
  const commands: Operand[][] = [[]];
  const parseOperand = (): Operand => {
    const t = tokens[at++]!;
    switch (t.kind) {
      case 'field':
        return { kind: 'field', chain: t.chain };
      case 'variable':
        return { kind: 'variable', name: t.name, chain: t.chain };
      case 'string':
      case 'number':
        return { kind: 'literal', value: t.value };
      case 'identifier':
        if (t.name === 'true' || t.name === 'false')
          return { kind: 'literal', value: t.name === 'true' };
        if (t.name === 'nil') return { kind: 'literal', value: null };
        return { kind: 'function', name: t.name };
      case 'punct': {
        if (t.value !== '(') return fail(`unexpected "${t.value}"`);
        let depth = 1;
        const start = at;
        while (at < tokens.length && depth > 0) {
          const inner = tokens[at++]!;
          if (inner.kind === 'punct' && inner.value === '(') depth++;
          if (inner.kind === 'punct' && inner.value === ')') depth--;
        }
        if (depth > 0) fail('unclosed (');
        return { kind: 'pipeline', pipeline: parsePipeline(tokens.slice(start, at - 1), fail) };
      }
    }
  };
  while (at < tokens.length) {
    const t = tokens[at]!;
    if (t.kind === 'punct' && t.value === '|') {
      at++;
      commands.push([]);
      continue;
    }
    commands.at(-1)!.push(parseOperand());
  }
  if (commands.some((c) => c.length === 0)) fail('empty command in pipeline');
  return { variables, assign, commands };
}

function isComma(t: Token): boolean {
  return t.kind === 'punct' && t.value === ',';
}
