// `node --import ./test/cli/trace-imports.mjs …` appends the URL of every module the process
// loads through the module loader (its ES modules and the packages they import, CommonJS ones
// included) to the file named by TRACE_IMPORTS_FILE: which code a CLI command really loaded.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let file;

/** Hooks side (the loader's own thread): where to write. */
export function initialize(data) {
  file = data.file;
}

/** Hooks side: every module loaded, before it runs. */
export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}

// Test-only: the file comes from the environment the test spawns the CLI with.
if (isMainThread && process.env.TRACE_IMPORTS_FILE)
  register(import.meta.url, { data: { file: process.env.TRACE_IMPORTS_FILE } });
