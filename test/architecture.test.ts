import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The architecture rules of STYLE.md, checked on every test run: one public entry per package,
 * vendors behind their one package, apps thin, contracts vendor-free, no import cycles.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g))
    specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

const units = ['packages', 'apps'].flatMap((top) =>
  readdirSync(join(root, top))
    .filter((name) =>
      statSync(join(root, top, name, 'src'), { throwIfNoEntry: false })?.isDirectory(),
    )
    .map((name) => ({ top, name, dir: join(root, top, name, 'src') })),
);
const files = units.flatMap((u) =>
  sourceFiles(u.dir).map((file) => ({ unit: u, file, imports: importsOf(file) })),
);

/** Which workspace package may import a vendor SDK. */
const VENDOR_OWNERS: Record<string, string[]> = {
  '@lancedb/lancedb': ['packages/knowledge'],
  'apache-arrow': ['packages/knowledge'],
  '@qdrant/js-client-rest': ['packages/knowledge'],
  '@langchain/openai': ['packages/providers'],
  '@langchain/ollama': ['packages/providers'],
  '@langchain/core': ['packages/providers'],
  openai: ['packages/providers'],
  '@slack/bolt': ['packages/slack'],
  '@slack/web-api': ['packages/slack'],
  botbuilder: ['packages/botframework'],
  'botframework-connector': ['packages/botframework'],
  'botframework-schema': ['packages/botframework'],
  '@bull-board/api': ['apps/server'],
  '@bull-board/fastify': ['apps/server'],
  fastify: ['apps/server'],
  // Logs, metrics and traces: one package, so every process writes one format.
  pino: ['packages/observability'],
  'prom-client': ['packages/observability'],
  '@opentelemetry': ['packages/observability'],
};

describe('architecture', () => {
  it('finds the packages and apps it checks', () => {
    expect(units.map((u) => `${u.top}/${u.name}`)).toEqual(
      expect.arrayContaining(['packages/core', 'apps/server']),
    );
  });

  it('imports other workspace packages only through their public entry', () => {
    const deep = files.flatMap((f) =>
      f.imports
        .filter((s) => /^@switchboard\/[^/]+\/.+/.test(s))
        .map((s) => `${relative(root, f.file)} → ${s}`),
    );
    expect(deep).toEqual([]);
  });

  it('never reaches into another unit with a relative path', () => {
    const escapes = files.flatMap((f) =>
      f.imports
        .filter((s) => s.startsWith('.'))
        .filter((s) => !resolve(dirname(f.file), s).startsWith(join(root, f.unit.top, f.unit.name)))
        .map((s) => `${relative(root, f.file)} → ${s}`),
    );
    expect(escapes).toEqual([]);
  });

  it('keeps each vendor SDK behind the one package that owns it', () => {
    const leaks = files.flatMap((f) =>
      f.imports.flatMap((s) => {
        const vendor = Object.keys(VENDOR_OWNERS).find((v) => s === v || s.startsWith(`${v}/`));
        const owner = `${f.unit.top}/${f.unit.name}`;
        return vendor && !VENDOR_OWNERS[vendor]!.includes(owner)
          ? [`${relative(root, f.file)} → ${s}`]
          : [];
      }),
    );
    expect(leaks).toEqual([]);
  });

  it('keeps contracts free of dependencies', () => {
    const core = files.filter((f) => f.unit.name === 'core' && f.unit.top === 'packages');
    expect(core.flatMap((f) => f.imports.filter((s) => !s.startsWith('.')))).toEqual([]);
  });

  it('reads the environment only in the config package', () => {
    const readers = files
      .filter((f) => /process\.env/.test(readFileSync(f.file, 'utf8')))
      .map((f) => relative(root, f.file))
      .filter((p) => !p.startsWith('packages/config/'));
    expect(readers).toEqual([]);
  });

  it('has no circular imports between workspace packages', () => {
    const graph = new Map<string, Set<string>>();
    for (const f of files) {
      const from = f.unit.name;
      for (const s of f.imports) {
        const m = /^@switchboard\/([^/]+)$/.exec(s);
        if (m && m[1] !== from) graph.set(from, (graph.get(from) ?? new Set()).add(m[1]!));
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('has no circular imports between files of a package', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      graph.set(
        f.file,
        f.imports.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(f.file), s)),
      );
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push(
          [...path.slice(path.indexOf(node)), node].map((p) => relative(root, p)).join(' → '),
        );
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
