#!/usr/bin/env node
// Runs the compiled CLI (dist/, rebuilt when a source changed), or its TypeScript sources
// through tsx when no build can be had: see apps/server/bin/compile.js, which builds every app.
import { runApp } from '../../server/bin/compile.js';

await runApp('switchboard');
