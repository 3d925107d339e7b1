import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests whose acceptance is a wall-clock bound (a restarted server opens its port within 10 s) run
 * alone after the main suite (`vitest.timing.config.ts`), so the rest of the suite cannot starve them.
 */
export const TIMING_TESTS = ['test/health/restart-after-kill.test.ts'];

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: [...configDefaults.exclude, ...TIMING_TESTS],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Two cores: keep worker count modest so Redis/LanceDB tests do not starve each other.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
