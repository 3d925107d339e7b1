/**
 * `npm run eval`: the evaluation table we steer by, on the real datasets in ../shared/data
 * (never copied into the repo; the dev mix is built from them into .switchboard/eval/dev-mix). Runs each `switchboard eval …` command as a user would and
 * prints one table. Usage: npm run eval [-- --shared ../shared]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { shared: { type: 'string', default: join(root, '..', 'shared') } },
});
const shared = resolve(values.shared!);
const data = join(shared, 'data');
if (!existsSync(data)) {
  process.stderr.write(
    `No datasets at ${data}. Pass --shared <dir> (the folder holding data/banking77 etc.).\n`,
  );
  process.exit(2);
}
const work = join(root, '.switchboard', 'eval');
const cli = join(root, 'apps', 'cli', 'bin', 'switchboard.js');

async function switchboard(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [cli, ...args, '--json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LANCEDB_LOG: 'error' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const rows: Array<[string, string, string, string]> = [];
const fmt = (v: unknown) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v);
function add(
  task: string,
  dataset: string,
  report: Record<string, unknown>,
  keys: string[],
  target: Record<string, string> = {},
) {
  for (const key of keys)
    rows.push([
      task,
      dataset,
      key,
      `${fmt(report[key])}${target[key] ? `  (target ${target[key]})` : ''}`,
    ]);
}

process.stderr.write('converting E-Manual S10 to JSONL…\n');
await run(process.execPath, [
  join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  join(root, 'scripts', 'emanual-to-jsonl.ts'),
  '--shared',
  shared,
  '--out',
  join(work, 'emanual'),
]);

process.stderr.write('eval intents on BANKING77…\n');
const intents = await switchboard([
  'eval',
  'intents',
  '--train',
  join(data, 'banking77/train.csv'),
  '--test',
  join(data, 'banking77/test.csv'),
]);
add(
  'intents',
  'BANKING77',
  intents,
  ['n', 'accuracy', 'macro_f1', 'train_seconds', 'predict_ms_p50'],
  { accuracy: '≥ 0.92', train_seconds: '< 60' },
);

process.stderr.write('eval retrieval on E-Manual S10…\n');
const retrieval = await switchboard([
  'eval',
  'retrieval',
  '--corpus',
  join(work, 'emanual', 'corpus.jsonl'),
  '--questions',
  join(work, 'emanual', 'questions.jsonl'),
]);
add(
  'retrieval',
  'E-Manual S10',
  retrieval,
  [
    'n',
    'hit_at_1',
    'hit_at_3',
    'hit_at_10',
    'mrr_at_10',
    'ndcg_at_10',
    'query_ms_p50',
    'query_ms_p99',
    'index_seconds',
  ],
  {
    mrr_at_10: '≥ 0.88 (no regression, issue 10)',
  },
);

process.stderr.write('eval routing on the sample help centre…\n');
const routing = await switchboard([
  'eval',
  'routing',
  '--brand-data',
  join(root, 'data/sample/brand-voice.jsonl'),
  '--corpus',
  join(root, 'data/sample/help-centre'),
  '--test',
  join(root, 'data/sample/routing-test.jsonl'),
]);
add('routing', 'sample (Nimbus)', routing, ['n', 'accuracy']);
for (const [route, value] of Object.entries(routing.accuracy_by_route as Record<string, number>)) {
  rows.push(['routing', 'sample (Nimbus)', `accuracy[${route}]`, fmt(value)]);
}

process.stderr.write('eval retrieval on doc2dial-studentaid…\n');
const doc2dial = join(data, 'doc2dial-studentaid');
const studentaid = await switchboard([
  'eval',
  'retrieval',
  '--corpus',
  join(doc2dial, 'corpus.jsonl'),
  '--questions',
  join(doc2dial, 'questions.jsonl'),
]);
add(
  'retrieval',
  'doc2dial-studentaid',
  studentaid,
  ['n', 'hit_at_1', 'hit_at_5', 'mrr_at_10', 'query_ms_p50'],
  { mrr_at_10: '≥ 0.80 (BM25 0.637)' },
);

// HINT3: real messages to three support bots; NO_NODES_DETECTED marks the out-of-scope ones.
const HINT3_TARGETS: Record<string, string> = {
  sofmattress: '≥ 0.700 (BERT@0.9)',
  curekart: '≥ 0.658 (BERT@0.9)',
  powerplay11: '≥ 0.659 (BERT@0.9)',
};
for (const [bot, target] of Object.entries(HINT3_TARGETS)) {
  process.stderr.write(`eval intents on hint3 ${bot}…\n`);
  const hint3 = await switchboard([
    'eval',
    'intents',
    '--train',
    join(data, 'hint3', 'train', `${bot}_train.csv`),
    '--test',
    join(data, 'hint3', 'test', `${bot}_test.csv`),
    '--oos-label',
    'NO_NODES_DETECTED',
  ]);
  add(
    'intents',
    `hint3 ${bot}`,
    hint3,
    ['n', 'accuracy', 'in_scope_accuracy', 'oos_recall', 'oos_precision', 'rejection_threshold'],
    { accuracy: target },
  );
}

// The dev mix of issue 10: the whole assistant on labelled messages (scripts/build-dev-mix.ts).
process.stderr.write('building the dev mix…\n');
const devMix = join(work, 'dev-mix');
await run(process.execPath, [
  join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  join(root, 'scripts', 'build-dev-mix.ts'),
  '--shared',
  shared,
  '--out',
  devMix,
]);
process.stderr.write('eval hybrid on the dev mix…\n');
const hybrid = await switchboard([
  'eval',
  'hybrid',
  '--mix',
  join(devMix, 'mix.jsonl'),
  '--corpus',
  join(doc2dial, 'corpus.jsonl'),
  '--brand-data',
  join(devMix, 'brand-train.csv'),
  '--profile',
  join(root, 'data/sample/company.json'),
]);
const HYBRID_TARGETS: Record<string, string> = {
  knowledge: '≥ 0.90',
  brand: '≥ 0.95',
  person: '≥ 0.95',
  oos: '≥ 0.90',
  smalltalk: '≥ 0.90',
};
const devRow = (metric: string, value: unknown, target?: string) =>
  rows.push(['hybrid', 'dev mix', metric, `${fmt(value)}${target ? `  (target ${target})` : ''}`]);
devRow('n', hybrid.n);
devRow('errors (non-200)', hybrid.errors, '0');
for (const [kind, value] of Object.entries(hybrid.recall_by_kind as Record<string, number>))
  devRow(`recall[${kind}]`, value, HYBRID_TARGETS[kind]);
for (const [route, value] of Object.entries(hybrid.precision_by_route as Record<string, number>))
  devRow(`precision[${route}]`, value);
const gold = hybrid.gold_first as Record<string, { rate: number; rate_when_answered: number }>;
devRow('gold cited first[knowledge]', gold.knowledge!.rate, '≥ 0.75');
devRow('gold cited first[knowledge, answered]', gold.knowledge!.rate_when_answered);
for (const [kind, value] of Object.entries(hybrid.docs_gaps_by_kind as Record<string, number>))
  devRow(`docs gaps[${kind}]`, value, kind === 'smalltalk' ? '0' : undefined);
const oos = hybrid.oos as { not_sure: number; handoff_customer_asked: number; answered: number };
devRow(
  'oos: not sure / handoff / answered',
  `${oos.not_sure} / ${oos.handoff_customer_asked} / ${oos.answered}`,
);
const followups = hybrid.followups as {
  n: number;
  with_history: { gold_first: number };
  alone: { gold_first: number };
};
devRow('follow-ups gold first, with history', followups.with_history.gold_first, '≥ 0.55, ≥ alone');
devRow('follow-ups gold first, alone', followups.alone.gold_first);
const latency = hybrid.latency_ms as { p50: number; p99: number };
devRow('latency_ms p50 / p99', `${latency.p50.toFixed(2)} / ${latency.p99.toFixed(2)}`);

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...[['task', 'dataset', 'metric', 'value'], ...rows].map((r) => r[i]!.length)),
);
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
process.stdout.write(
  `${line(['task', 'dataset', 'metric', 'value'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
process.stdout.write(
  `\nrouting confusion (gold → predicted): ${JSON.stringify(routing.confusion)}\n`,
);
process.stdout.write(
  `dev mix confusion (expected kind → route): ${JSON.stringify(hybrid.confusion)}\n`,
);
