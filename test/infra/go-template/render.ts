import { FUNCTIONS } from './functions.ts';
import type { Node, Operand, Pipeline } from './parse.ts';
import { isMap, printValue, truth, type Value } from './values.ts';

/**
 * Runs parsed templates as text/template does under Helm (`missingkey=zero`): a missing map key is
 * nil, a field of nil is an error, `{{ nil }}` prints "<no value>" (removed afterwards, as Helm
 * does), `and`/`or` stop at their first deciding argument and return it.
 */
export class TemplateRenderer {
  readonly #defines: ReadonlyMap<string, Node[]>;

  constructor(defines: ReadonlyMap<string, Node[]>) {
    this.#defines = defines;
  }

  /** Renders a template body with `data` as both `.` and `$`. */
  render(body: Node[], data: Value): string {
    return this.#run(body, data, [new Map([['', data]])]).replaceAll('<no value>', '');
  }

  #include(name: string, data: Value): string {
    const body = this.#defines.get(name);
    if (!body) throw new Error(`no template "${name}"`);
    return this.#run(body, data, [new Map([['', data]])]);
  }

  #run(nodes: Node[], dot: Value, scopes: Array<Map<string, Value>>): string {
    const scope = [...scopes, new Map<string, Value>()];
    let out = '';
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          out += node.text;
          break;
        case 'output': {
          const value = this.#pipeline(node.pipeline, dot, scope);
          if (node.pipeline.variables.length === 0) out += printValue(value);
          break;
        }
        case 'template':
          out += this.#include(
            node.name,
            node.pipeline ? this.#pipeline(node.pipeline, dot, scope) : null,
          );
          break;
        case 'if':
        case 'with': {
          const inner = [...scope, new Map<string, Value>()];
          const value = this.#pipeline(node.pipeline, dot, inner);
          if (truth(value)) out += this.#run(node.body, node.kind === 'with' ? value : dot, inner);
          else out += this.#run(node.otherwise, dot, scope);
          break;
        }
        case 'range':
          out += this.#range(node, dot, scope);
          break;
      }
    }
    return out;
  }

  #range(
    node: Extract<Node, { kind: 'range' }>,
    dot: Value,
    scope: Array<Map<string, Value>>,
  ): string {
    const { variables } = node.pipeline;
    const collection = this.#pipeline({ ...node.pipeline, variables: [] }, dot, scope);
    const entries: Array<[Value, Value]> = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : isMap(collection)
        ? Object.keys(collection)
            .sort()
            .map((k) => [k, collection[k]])
        : collection === null || collection === undefined
          ? []
          : fail(`range can't iterate over ${printValue(collection)}`);
    if (entries.length === 0) return this.#run(node.otherwise, dot, scope);
    let out = '';
    for (const [key, value] of entries) {
      const frame = new Map<string, Value>();
      if (variables.length === 1) frame.set(variables[0]!, value);
      if (variables.length === 2) frame.set(variables[0]!, key).set(variables[1]!, value);
      out += this.#run(node.body, value, [...scope, frame]);
    }
    return out;
  }

  #pipeline(pipeline: Pipeline, dot: Value, scope: Array<Map<string, Value>>): Value {
    let value: Value;
    let piped = false;
    for (const command of pipeline.commands) {
      value = this.#command(command, dot, scope, piped ? [value] : []);
      piped = true;
    }
    const [name] = pipeline.variables;
    if (name !== undefined) {
      if (pipeline.variables.length > 1) fail('only range declares two variables');
      const frame = pipeline.assign ? scope.findLast((f) => f.has(name)) : scope.at(-1);
      if (!frame) fail(`undefined variable $${name}`);
      frame!.set(name, value);
    }
    return value;
  }

  #command(
    command: Operand[],
    dot: Value,
    scope: Array<Map<string, Value>>,
    piped: Value[],
  ): Value {
    const [head, ...rest] = command as [Operand, ...Operand[]];
    if (head.kind !== 'function') {
      if (rest.length > 0 || piped.length > 0) fail("can't give an argument to a non-function");
      return this.#operand(head, dot, scope);
    }
    const arg = (o: Operand) => this.#operand(o, dot, scope);
    if (head.name === 'and' || head.name === 'or') {
      const thunks = [...rest.map((o) => () => arg(o)), ...piped.map((p) => () => p)];
      let last: Value;
      for (const next of thunks) {
        last = next();
        if (truth(last) === (head.name === 'or')) return last;
      }
      return last;
    }
    const args = [...rest.map(arg), ...piped];
    if (head.name === 'include') {
      if (typeof args[0] !== 'string' || args.length !== 2) fail('include needs a name and data');
      return this.#include(args[0] as string, args[1]);
    }
    // Own properties only: `constructor` or `toString` in a template is no function of ours.
    const fn = Object.hasOwn(FUNCTIONS, head.name) ? FUNCTIONS[head.name] : undefined;
    if (!fn) fail(`function "${head.name}" not defined`);
    return fn!(...args);
  }

  #operand(operand: Operand, dot: Value, scope: Array<Map<string, Value>>): Value {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'field':
        return walk(dot, operand.chain);
      case 'variable': {
        const frame = scope.findLast((f) => f.has(operand.name));
        if (!frame) fail(`undefined variable $${operand.name}`);
        return walk(frame!.get(operand.name), operand.chain);
      }
      case 'pipeline':
        return this.#pipeline(operand.pipeline, dot, scope);
      case 'function':
        return fail(`${operand.name} is a function, not a value`);
    }
  }
}

function walk(start: Value, chain: string[]): Value {
  let value = start;
  for (const key of chain) {
    if (value === null || value === undefined) fail(`nil pointer evaluating interface {}.${key}`);
    if (!isMap(value)) fail(`can't evaluate field ${key} in ${typeof value}`);
    value = Object.hasOwn(value as object, key) ? (value as Record<string, Value>)[key] : undefined;
  }
  return value;
}

function fail(why: string): never {
  throw new Error(why);
}
