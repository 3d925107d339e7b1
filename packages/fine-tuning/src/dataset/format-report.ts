import type { ValidationReport } from './report.ts';
import type { LineProblem } from './types.ts';

export interface FormatOptions {
  /** Lines listed per problem code before "… and N more". @defaultValue 20 */
  perCode?: number;
}

const location = (p: LineProblem) => `${p.source}:${p.line}${p.ref ? ` (${p.ref})` : ''}`;

/** The human-readable form of a validation report: summary first, then problems by code. */
export function formatReport(report: ValidationReport, options: FormatOptions = {}): string {
  const perCode = options.perCode ?? 20;
  const { counts, pii, balance, tokens, cost, split } = report;
  const out: string[] = [
    `${report.ok ? 'OK' : 'ERRORS'}: ${counts.lines} lines read, ${counts.examples} examples kept (${counts.train} train / ${counts.validation} validation), ${counts.intents} intents`,
    `problems: ${counts.errors} errors, ${counts.warnings} warnings${
      Object.keys(report.problemCounts).length
        ? ` (${Object.entries(report.problemCounts)
            .map(([code, n]) => `${code} ${n}`)
            .join(', ')})`
        : ''
    }`,
    `PII scrubbed on ${pii.linesScrubbed} lines: ${Object.entries(pii.counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`,
    `intent balance: min ${balance.min}, max ${balance.max}, ratio ${balance.imbalanceRatio}${
      balance.belowMinimum.length
        ? `; below ${balance.minimum}: ${balance.belowMinimum.join(', ')}`
        : ''
    }`,
    `tokens: ${tokens.total} total, ${tokens.train} in training, ${tokens.meanPerExample} mean / ${tokens.maxPerExample} max per example`,
    `cost estimate: ${cost.usd === null ? 'unknown' : `$${cost.usd.toFixed(2)}`} for ${cost.baseModel} (${cost.assumption})`,
    `split: seed ${split.seed}, ${Math.round(split.validationFraction * 100)}% validation per intent${
      split.trainOnlyIntents.length
        ? `; too few examples for validation: ${split.trainOnlyIntents.join(', ')}`
        : ''
    }`,
  ];
  const unknown = Object.entries(report.unknownPlaceholders).sort((a, b) => b[1] - a[1]);
  if (unknown.length)
    out.push(
      `unknown placeholders (${unknown.length}): ${unknown
        .slice(0, 12)
        .map(([name, n]) => `{{${name}}} ×${n}`)
        .join(', ')}${unknown.length > 12 ? ', …' : ''}`,
    );
  const byCode = new Map<string, LineProblem[]>();
  for (const p of report.problems) {
    const list = byCode.get(p.code) ?? [];
    list.push(p);
    byCode.set(p.code, list);
  }
  // Errors first: they are what must be fixed.
  const codes = [...byCode.keys()].sort(
    (a, b) =>
      Number(byCode.get(a)![0]!.severity === 'warning') -
        Number(byCode.get(b)![0]!.severity === 'warning') || a.localeCompare(b),
  );
  for (const code of codes) {
    const list = byCode.get(code)!;
    out.push('', `${list[0]!.severity} ${code} (${list.length}):`);
    for (const p of list.slice(0, perCode)) out.push(`  ${location(p)}  ${p.reason}`);
    if (list.length > perCode) out.push(`  … and ${list.length - perCode} more (--json lists all)`);
  }
  return out.join('\n');
}
