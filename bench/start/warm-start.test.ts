import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startUntilReady, warmStartRows } from './warm-start.ts';

const bareServer = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));

describe('the warm-start bench', () => {
  it('times a start until /readyz answers, with its CPU, and stops its whole process group', async () => {
    // Through a shell, as `npm start` runs node: the node grandchild must be measured and stopped.
    const started = await startUntilReady({
      command: 'sh',
      args: ['-c', `"${process.execPath}" "${bareServer}"`],
      env: process.env,
    });
    const response = await fetch(`${started.url}/readyz`);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(started.readyMs).toBeGreaterThan(0);
    // Loading Node and Fastify costs CPU: a reading of the shell alone would be ~0.
    expect(started.cpuMs).toBeGreaterThan(10);
    await started.stop();
    await expect(fetch(`${started.url}/readyz`)).rejects.toThrow();
  }, 30_000);

  it('reports medians, ours next to the bare server', () => {
    const rows = warmStartRows({
      ours: [900, 1_000, 5_000].map((readyMs, i) => ({ readyMs, cpuMs: 700 + i })),
      bare: [200, 100, 300].map((readyMs) => ({ readyMs, cpuMs: 50 })),
    });
    expect(rows).toEqual([
      { name: 'start_warm_ready_ms', value: 1_000, unit: 'ms', baseline: 200, ratio: 5 },
      { name: 'start_warm_cpu_ms', value: 701, unit: 'ms', baseline: 50, ratio: 701 / 50 },
    ]);
  });
});
