import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { z } from 'zod';
import { parseSourceSpec, type SourceSpec } from '../source-spec.ts';

/** When a declared source syncs on its own: every so long, or on a cron pattern. */
export type SourceSchedule = { every: number } | { pattern: string };

/** A source declared in the sources file (or built from config): its spec plus how it is kept current. */
export interface DeclaredSource {
  spec: SourceSpec;
  schedule?: SourceSchedule;
  /** Directory sources: sync when a file under the root changes. */
  watch?: boolean;
}

const UNITS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/** `"15m"`, `"30s"`, `"6h"`, `"1d"` or a number of milliseconds → milliseconds (≥ 1 s). */
export function parseEvery(value: string | number): number {
  const match = typeof value === 'number' ? null : /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value);
  const ms =
    typeof value === 'number'
      ? value
      : match
        ? Number(match[1]) * (UNITS.get(match[2] ?? 'ms') ?? 1)
        : NaN;
  if (!Number.isFinite(ms) || ms < 1000) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `schedule.every "${value}": use e.g. "30s", "15m", "6h" (at least 1s)`,
    );
  }
  return Math.round(ms);
}

const entrySchema = z.looseObject({
  schedule: z
    .union([
      z.strictObject({ every: z.union([z.string(), z.number()]) }),
      z.strictObject({ cron: z.string().min(1) }),
    ])
    .optional(),
  watch: z.boolean().optional(),
});
const fileSchema = z.strictObject({ sources: z.array(z.unknown()) });

/**
 * Reads the sources file: `{"sources": [{"name", "kind", …spec, "schedule"?: {"every": "15m"} |
 * {"cron": "0 * * * *"}, "watch"?: true}]}`. Relative `root`/`path` are resolved against the
 * file's folder. Every problem is a CONFIG_INVALID naming the entry and the field.
 */
export async function loadSourcesFile(path: string): Promise<DeclaredSource[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Sources file ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const file = fileSchema.safeParse(raw);
  if (!file.success) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Sources file ${path}: expected {"sources": [ … ]}`,
    );
  }
  const seen = new Set<string>();
  return file.data.sources.map((entry, i) => {
    const where = `Sources file ${path}, entry ${i + 1}`;
    const parsed = entrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SwitchboardError(
        'CONFIG_INVALID',
        `${where}: ${issue?.path.join('.')} ${issue?.message}`,
      );
    }
    const { schedule, watch, ...rest } = parsed.data;
    let spec: SourceSpec;
    try {
      spec = parseSourceSpec(resolvePaths(rest, dirname(path)));
    } catch (cause) {
      throw new SwitchboardError('CONFIG_INVALID', `${where}: ${(cause as Error).message}`, {
        cause,
      });
    }
    if (seen.has(spec.name))
      throw new SwitchboardError('CONFIG_INVALID', `${where}: duplicate name "${spec.name}"`);
    seen.add(spec.name);
    return {
      spec,
      ...(schedule
        ? {
            schedule:
              'cron' in schedule
                ? { pattern: schedule.cron }
                : { every: parseEvery(schedule.every) },
          }
        : {}),
      ...(watch !== undefined ? { watch } : {}),
    };
  });
}

function resolvePaths(entry: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = { ...entry };
  for (const key of ['root', 'path'] as const) {
    const value = out[key];
    if (typeof value === 'string' && !isAbsolute(value)) out[key] = resolve(base, value);
  }
  return out;
}
