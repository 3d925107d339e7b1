import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideRoute, lexicalSignals, readConversationAct } from '@switchboard/assistant';
import { type RouteName, SwitchboardError } from '@switchboard/core';
import { trainOfflineParts } from '@switchboard/runtime';
import { parseJsonl } from '@switchboard/text';

const ROUTES: RouteName[] = ['brand', 'knowledge', 'handoff'];

export interface RoutingEvalReport {
  n: number;
  accuracy: number;
  /** Recall of each gold route: the share of its items routed correctly. */
  accuracy_by_route: Record<RouteName, number>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<RouteName, Record<RouteName, number>>;
  thresholds: { brand: number; knowledge: number; handoffRequest: number };
}

async function loadRoutingTest(path: string): Promise<Array<{ text: string; route: RouteName }>> {
  return parseJsonl(await readFile(path, 'utf8')).map((line) => {
    if ('error' in line)
      throw new SwitchboardError('DATA_INVALID', `${path}:${line.line}: ${line.error}`);
    const value = line.value as { text?: unknown; route?: unknown };
    if (typeof value.text !== 'string' || !ROUTES.includes(value.route as RouteName)) {
      throw new SwitchboardError(
        'DATA_INVALID',
        `${path}:${line.line}: expected {text, route: brand|knowledge|handoff}`,
      );
    }
    return { text: value.text, route: value.route as RouteName };
  });
}

/**
 * Trains the brand-voice model on the brand data, indexes the corpus, fits the router exactly as
 * the server does, then routes every test item and compares with the gold route.
 */
export async function evaluateRouting(options: {
  brandDataPath: string;
  corpusPath: string;
  testPath: string;
  outOfScopePath: string;
}): Promise<RoutingEvalReport> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-route-eval-'));
  const parts = await trainOfflineParts({
    brandDataPath: options.brandDataPath,
    knowledgePath: options.corpusPath,
    outOfScopePath: options.outOfScopePath,
    indexDirectory: directory,
  });
  const { brandVoice: brand, retriever, router, topic } = parts;
  try {
    const confusion = Object.fromEntries(
      ROUTES.map((g) => [g, Object.fromEntries(ROUTES.map((p) => [p, 0]))]),
    ) as RoutingEvalReport['confusion'];
    const tests = await loadRoutingTest(options.testPath);
    let correct = 0;
    for (const item of tests) {
      const query = readConversationAct(item.text).remainder || item.text;
      const retrieval = await retriever.retrieve(query);
      const decision = decideRoute(router, {
        brand: brand.classify(query),
        evidence: retrieval.evidence,
        lexical: lexicalSignals(retrieval),
        offTopic: topic.offTopicProbability(query),
      });
      confusion[item.route][decision.route]++;
      if (decision.route === item.route) correct++;
    }
    const byRoute = Object.fromEntries(
      ROUTES.map((r) => {
        const total = ROUTES.reduce((sum, p) => sum + confusion[r][p], 0);
        return [r, total ? confusion[r][r] / total : 0];
      }),
    ) as Record<RouteName, number>;
    return {
      n: tests.length,
      accuracy: tests.length ? correct / tests.length : 0,
      accuracy_by_route: byRoute,
      confusion,
      thresholds: router.thresholds,
    };
  } finally {
    await parts.index.close();
    await rm(directory, { recursive: true, force: true });
  }
}
