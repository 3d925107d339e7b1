#!/usr/bin/env node
// Runs the compiled server (dist/, rebuilt when a source changed), or its TypeScript sources
// through tsx when no build can be had: see compile.js.
import { runApp } from './compile.js';

await runApp('server');
