#!/usr/bin/env node
// `npm run build`: compiles the server, the worker and the CLI into dist/ now (the bins would
// otherwise do it on their first start after a change). Run it where the bins cannot write, such
// as a container image, before dropping privileges.
import { buildApps } from './compile.js';

const started = performance.now();
const manifest = await buildApps();
if (!manifest) {
  process.stderr.write('another process is building dist/ right now; try again in a moment\n');
  process.exit(1);
}
const ms = (performance.now() - started).toFixed(0);
process.stdout.write(`built dist/${manifest.id} in ${ms} ms (${manifest.inputs.length} inputs)\n`);
