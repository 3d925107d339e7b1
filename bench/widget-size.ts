import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '@switchboard/widget';
import type { BenchResult } from './stats.ts';

/** The bench row for each botframework-webchat bundle our widget is compared with. */
const ROWS = {
  widget_gzip_kb_vs_webchat: 'webchat.js',
  widget_gzip_kb_vs_webchat_minimal: 'webchat-minimal.js',
} as const;
type BundleFile = (typeof ROWS)[keyof typeof ROWS];

interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/** What bench/webchat-bundle-size.json holds (its `how` says how the figures were taken). */
interface RecordedSizes {
  package: string;
  version: string;
  measured: string;
  bundles: Record<BundleFile, BundleSize>;
}

/** Where the baseline figures come from. */
export interface BaselineSource {
  version: string;
  /** `live`: read and gzipped in this run; `recorded`: the figures in the JSON file. */
  source: 'live' | 'recorded';
  /** Date (YYYY-MM-DD) of the recorded measurement; for `live`, today. */
  measured: string;
}

/** botframework-webchat's bundle sizes, gzipped the way `buildWidget` gzips ours. */
export interface WebchatBaseline extends BaselineSource {
  bundles: Record<BundleFile, BundleSize>;
}

export interface WebchatBaselineOptions {
  /** An installed botframework-webchat. @defaultValue the repository's node_modules */
  packageDir?: string;
  /** @defaultValue bench/webchat-bundle-size.json */
  recordedPath?: string;
}

// botframework-webchat is no dependency of ours (with its own dependencies it was ~300 MB of every
// install, for this one row): its published sizes are recorded, and measured live when installed.
const INSTALLED_DIR = fileURLToPath(
  new URL('../node_modules/botframework-webchat/', import.meta.url),
);
const RECORDED_PATH = fileURLToPath(new URL('./webchat-bundle-size.json', import.meta.url));

const kb = (bytes: number) => bytes / 1024;

function readRecorded(path: string): RecordedSizes {
  return JSON.parse(readFileSync(path, 'utf8')) as RecordedSizes;
}

function installedVersion(packageDir: string): string | undefined {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function measureBundle(path: string): Promise<BundleSize> {
  const code = await readFile(path);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** The installed package when there is one (measured live), else the recorded figures. */
function baselineSource(options: WebchatBaselineOptions): BaselineSource & { dir?: string } {
  const packageDir = options.packageDir ?? INSTALLED_DIR;
  const version = installedVersion(packageDir);
  if (version !== undefined) {
    return { version, source: 'live', measured: today(), dir: packageDir };
  }
  const { version: recorded, measured } = readRecorded(options.recordedPath ?? RECORDED_PATH);
  return { version: recorded, source: 'recorded', measured };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Measures the installed package when there is one, else returns the recorded figures. */
export async function webchatBaseline(
  options: WebchatBaselineOptions = {},
): Promise<WebchatBaseline> {
  const { dir, ...source } = baselineSource(options);
  if (dir === undefined) {
    return { ...source, bundles: readRecorded(options.recordedPath ?? RECORDED_PATH).bundles };
  }
  const bundles = {} as Record<BundleFile, BundleSize>;
  for (const file of Object.values(ROWS))
    bundles[file] = await measureBundle(join(dir, 'dist', file));
  return { ...source, bundles };
}

/** Says where the baseline figures come from, for the bench notes and log. */
export function describeBaseline(source: BaselineSource): string {
  const name = `botframework-webchat@${source.version}`;
  return source.source === 'live'
    ? `${name} measured in this run from node_modules`
    : `${name} as recorded on ${source.measured} in bench/webchat-bundle-size.json, not measured ` +
        'in this run (`npm install --no-save botframework-webchat` to measure it live)';
}

/** The widget's size budget (issue 4): at most 25 kB gzipped. */
export const WIDGET_TARGET =
  "widget target: ≤ 25 kB gzipped; baseline: botframework-webchat's full and minimal bundles " +
  `gzipped the same way, ${describeBaseline(baselineSource({}))}.`;

export interface WidgetSizeOptions extends WebchatBaselineOptions {
  /** Where the line naming the baseline's source goes. @defaultValue stderr, as `bench: …` */
  log?: (line: string) => void;
}

/**
 * Gzipped size of our widget bundle (built exactly as the server serves it) next to
 * botframework-webchat's full and minimal bundles gzipped at the same level (see `webchatBaseline`).
 */
export async function widgetSizeResults(options: WidgetSizeOptions = {}): Promise<BenchResult[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`bench: ${line}\n`));
  const ours = (await buildWidget()).gzipBytes;
  const baseline = await webchatBaseline(options);
  log(`widget size baseline: ${describeBaseline(baseline)}`);
  return Object.entries(ROWS).map(([name, file]) => {
    const theirs = baseline.bundles[file].gzipBytes;
    return { name, value: kb(ours), unit: 'kB', baseline: kb(theirs), ratio: ours / theirs };
  });
}
