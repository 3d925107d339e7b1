import { loadConfig } from '@switchboard/config';
import {
  evaluateIntents,
  evaluateRetrieval,
  evaluateRouting,
  loadBackgroundMessages,
  loadLabeledTexts,
  type RoutingEvalReport,
} from '@switchboard/evaluation';
import { createEmbedder } from '@switchboard/providers';
import { type CommandArgs, formatNumber, formatTable, printResult, UsageError } from '../output.ts';
import { evalHybridCommand } from './eval-hybrid.ts';

function required(values: CommandArgs['values'], name: string, usage: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required: ${usage}`);
  return value;
}

/**
 * The routing report for people: the figures, then the confusion matrix as a table (gold route
 * per row, routed per column) with each gold route's recall.
 */
export function formatRoutingReport(report: RoutingEvalReport): string {
  const routes = Object.keys(report.confusion) as Array<keyof RoutingEvalReport['confusion']>;
  const { brand, knowledge, handoffRequest } = report.thresholds;
  const figures = [
    `messages    ${report.n}`,
    `accuracy    ${formatNumber(report.accuracy)}`,
    `thresholds  brand ${formatNumber(brand)}, knowledge ${formatNumber(knowledge)}, human request ${formatNumber(handoffRequest)}`,
    '',
    'confusion (gold route → routed)',
  ];
  const table = formatTable(
    ['gold', ...routes, 'recall'],
    routes.map((gold) => [
      gold,
      ...routes.map((routed) => report.confusion[gold]?.[routed] ?? 0),
      formatNumber(report.accuracy_by_route[gold] ?? 0),
    ]),
  );
  return `${figures.join('\n')}\n${table}`;
}

/** `switchboard eval intents|retrieval|routing|hybrid`: the numbers we steer by. */
export async function evalCommand({ positionals, values }: CommandArgs): Promise<void> {
  const [kind] = positionals;
  const json = values.json === true;
  switch (kind) {
    case 'intents': {
      const usage = 'switchboard eval intents --train F --test F [--oos-label LABEL]';
      const [train, test] = await Promise.all([
        loadLabeledTexts(required(values, 'train', usage)),
        loadLabeledTexts(required(values, 'test', usage)),
      ]);
      const oosLabel = typeof values['oos-label'] === 'string' ? values['oos-label'] : undefined;
      // The bundled company-agnostic out-of-scope and small-talk lines train the rejection.
      const config = loadConfig();
      const background = await loadBackgroundMessages([
        config.outOfScopePath,
        config.smallTalkPath,
      ]);
      const report = await evaluateIntents({
        train,
        test,
        background,
        ...(oosLabel ? { oosLabel } : {}),
      });
      return printResult({ ...report }, json);
    }
    case 'retrieval': {
      const usage = 'switchboard eval retrieval --corpus corpus.jsonl --questions questions.jsonl';
      const config = loadConfig();
      const report = await evaluateRetrieval({
        corpusPath: required(values, 'corpus', usage),
        questionsPath: required(values, 'questions', usage),
        ...(config.embeddings
          ? {
              embedder: createEmbedder(config.embeddings, {
                timeouts: config.providerLimits.embeddings,
              }),
            }
          : {}),
      });
      return printResult({ ...report }, json);
    }
    case 'routing': {
      const usage = 'switchboard eval routing --brand-data F --corpus F --test F';
      const config = loadConfig();
      const report = await evaluateRouting({
        brandDataPath: required(values, 'brand-data', usage),
        corpusPath: required(values, 'corpus', usage),
        testPath: required(values, 'test', usage),
        outOfScopePath: config.outOfScopePath,
      });
      process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatRoutingReport(report));
      return;
    }
    case 'hybrid':
      return evalHybridCommand({ positionals, values });
    default:
      throw new UsageError('eval needs one of: intents, retrieval, routing, hybrid');
  }
}
