import { defineConfig } from 'vitest/config';
import base, { TIMING_TESTS } from './vitest.config.ts';

/** The wall-clock acceptance tests, run one at a time on an otherwise idle machine. */
export default defineConfig({
  test: {
    ...base.test,
    include: TIMING_TESTS,
    exclude: [],
    maxWorkers: 1,
    testTimeout: 240_000,
  },
});
