// Types of compile.js (plain JavaScript: it runs before any TypeScript loader), for the tests.
import type { BuildOptions } from 'esbuild';

/** Each bin's TypeScript entry, by the name of its output file. */
export declare const ENTRIES: Readonly<Record<'server' | 'worker' | 'switchboard', string>>;
/** esbuild options of one build into `outdir` (every output file lands directly in it). */
export declare function buildOptions(outdir: string): BuildOptions;
/** Builds every app into dist/ and makes it current; null while another process builds. */
export declare function buildApps(): Promise<{
  id: string;
  inputs: [string, number, number][];
} | null>;
/** Runs app `name` from the current build (rebuilt when stale), or through tsx without one. */
export declare function runApp(name: keyof typeof ENTRIES): Promise<void>;
