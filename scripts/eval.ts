/**
 * `npm run eval`: the evaluation table we steer by, on the real datasets in ../shared/data
 * (never copied into the repo). Runs each `switchboard eval …` command as a user would and
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
    mrr_at_10: '≥ 0.85',
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
