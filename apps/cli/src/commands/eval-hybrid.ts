import { createWriteStream } from 'node:fs';
import { loadConfig } from '@switchboard/config';
import { evaluateHybrid, type HybridEvalReport } from '@switchboard/evaluation';
import { type CommandArgs, formatNumber, UsageError } from '../output.ts';

const USAGE =
  'switchboard eval hybrid --mix mix.jsonl --corpus <folder|corpus.jsonl> --brand-data <file> [--profile company.json] [--data-dir DIR] [--redis-url URL] [--history replay|seed] [--outcomes outcomes.jsonl]';

function option(values: CommandArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The report for people: the confusion matrix as a table, then the figures one per line. */
export function formatHybridReport(report: HybridEvalReport): string {
  const kinds = Object.keys(report.confusion);
  const columns = [...report.routes, 'recall'];
  const width = Math.max(9, ...kinds.map((k) => k.length));
  const cell = Math.max(9, ...columns.map((c) => c.length));
  const lines = [
    'confusion (expected kind → route)',
    `${''.padEnd(width)}  ${columns.map((c) => c.padStart(cell)).join(' ')}`,
  ];
  for (const kind of kinds) {
    const row = report.confusion[kind]!;
    const counts = report.routes.map((r) => String(row[r] ?? 0).padStart(cell));
    const recall = (report.recall_by_kind[kind] ?? 0).toFixed(3).padStart(cell);
    lines.push(`${kind.padEnd(width)}  ${[...counts, recall].join(' ')}`);
  }
  const precision = report.routes
    .filter((r) => r in report.precision_by_route)
    .map((r) => `${r} ${report.precision_by_route[r]!.toFixed(3)}`);
  const gf = report.gold_first;
  const f = report.followups;
  const o = report.oos;
  const gaps = Object.entries(report.docs_gaps_by_kind).map(([k, n]) => `${k} ${n}`);
  lines.push(
    '',
    `messages            ${report.n} (errors / non-200: ${report.errors})`,
    `route accuracy      ${formatNumber(report.accuracy)}`,
    `precision by route  ${precision.join('  ')}`,
    `gold cited first    knowledge ${formatNumber(gf.knowledge.rate)} of ${gf.knowledge.n} (${formatNumber(gf.knowledge.rate_when_answered)} when answered)`,
    `brand intent        ${formatNumber(report.brand_intent_accuracy)} (right route and intent)`,
    `docs gaps by kind   ${gaps.join('  ')}`,
    `out of scope        ${o.n}: not sure ${o.not_sure}, handoff (person) ${o.handoff_customer_asked}, answered ${o.answered} ${JSON.stringify(o.answered_by_route)}`,
    `follow-ups          ${f.n} (history: ${report.history_mode}): gold first with history ${formatNumber(f.with_history.gold_first)}, alone ${formatNumber(f.alone.gold_first)}; history helped ${f.history_helped}, hurt ${f.history_hurt}`,
    `latency ms          p50 ${report.latency_ms.p50.toFixed(2)}  p99 ${report.latency_ms.p99.toFixed(2)}  max ${report.latency_ms.max.toFixed(1)}`,
    `thresholds          ${JSON.stringify(report.thresholds)}`,
    `time                setup ${report.setup_seconds.toFixed(1)} s, run ${report.run_seconds.toFixed(1)} s`,
  );
  for (const sample of report.error_samples) lines.push(`error ${sample.id}: ${sample.error}`);
  return `${lines.join('\n')}\n`;
}

/** `switchboard eval hybrid`: the whole assistant on a labelled mix of messages. */
export async function evalHybridCommand({ values }: CommandArgs): Promise<void> {
  const required = (name: string) => {
    const value = option(values, name);
    if (!value) throw new UsageError(`--${name} is required: ${USAGE}`);
    return value;
  };
  const history = option(values, 'history') ?? 'replay';
  if (history !== 'replay' && history !== 'seed')
    throw new UsageError(`--history must be replay or seed: ${USAGE}`);
  const json = values.json === true;
  const profilePath = option(values, 'profile');
  const dataDir = option(values, 'data-dir');
  const redisUrl = option(values, 'redis-url');
  const outcomesPath = option(values, 'outcomes');
  // One JSON line per message: what was asked, where it went and what the customer read.
  const dump = outcomesPath ? createWriteStream(outcomesPath) : null;
  const report = await evaluateHybrid({
    config: loadConfig(),
    mixPath: required('mix'),
    corpusPath: required('corpus'),
    brandDataPath: required('brand-data'),
    historyMode: history,
    ...(profilePath ? { profilePath } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    ...(json ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
    ...(dump ? { onOutcome: (record) => dump.write(`${JSON.stringify(record)}\n`) } : {}),
  });
  if (dump) await new Promise((done) => dump.end(done));
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatHybridReport(report));
}
