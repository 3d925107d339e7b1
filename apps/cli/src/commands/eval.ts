import { loadConfig } from '@switchboard/config';
import {
  evaluateIntents,
  evaluateRetrieval,
  evaluateRouting,
  loadBackgroundMessages,
  loadLabeledTexts,
} from '@switchboard/evaluation';
import { createEmbedder } from '@switchboard/providers';
import { type CommandArgs, printResult, UsageError } from '../output.ts';
import { evalHybridCommand } from './eval-hybrid.ts';

function required(values: CommandArgs['values'], name: string, usage: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required: ${usage}`);
  return value;
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
      return printResult({ ...report }, json);
    }
    case 'hybrid':
      return evalHybridCommand({ positionals, values });
    default:
      throw new UsageError('eval needs one of: intents, retrieval, routing, hybrid');
  }
}
