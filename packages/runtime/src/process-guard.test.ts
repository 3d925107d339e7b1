import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { guardProcess, ProcessFaults, scrubSecrets } from './process-guard.ts';

const run = promisify(execFile);
const guardModule = fileURLToPath(new URL('./process-guard.ts', import.meta.url));
const coreModule = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

function recordingLog() {
  const lines: Array<{ event: string; fields: Record<string, unknown> }> = [];
  const push = (event: string, fields: Record<string, unknown> = {}) =>
    lines.push({ event, fields });
  return { lines, log: { info: push, warn: push, error: push } };
}

describe('guardProcess', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('logs and counts an unhandled rejection, with secrets in its message masked', () => {
    const target = new EventEmitter();
    const faults = new ProcessFaults();
    const { lines, log } = recordingLog();
    let fatal = 0;
    guardProcess({ target, log, faults, onFatal: () => (fatal += 1) });
    target.emit(
      'unhandledRejection',
      new Error('connect failed to redis://:hunter2@10.0.0.5:6379 with Bearer abc.def'),
    );
    target.emit('unhandledRejection', 'a plain string reason');
    expect(faults.snapshot()).toEqual({ unhandledRejections: 2, uncaughtExceptions: 0 });
    expect(fatal).toBe(0);
    expect(lines[0]?.event).toBe('unhandled_rejection');
    expect(lines[0]?.fields.message).toBe(
      'connect failed to redis://***@10.0.0.5:6379 with Bearer ***',
    );
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(lines[1]?.fields).toMatchObject({ reason: 'a plain string reason', count: 2 });
  });

  it('logs and counts an uncaught exception and asks for an orderly stop once', () => {
    const target = new EventEmitter();
    const faults = new ProcessFaults();
    const { lines, log } = recordingLog();
    const fatal: Error[] = [];
    const dispose = guardProcess({ target, log, faults, onFatal: (e) => fatal.push(e) });
    target.emit('uncaughtException', new TypeError('x is not a function'));
    target.emit('uncaughtException', new TypeError('again, while stopping'));
    expect(faults.snapshot().uncaughtExceptions).toBe(2);
    expect(fatal.map((e) => e.message)).toEqual(['x is not a function']);
    expect(lines.map((l) => l.fields.action)).toEqual(['shutting down', 'already shutting down']);
    dispose();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
    expect(target.listenerCount('uncaughtException')).toBe(0);
  });

  it('masks Slack and OpenAI-style tokens and URL credentials', () => {
    expect(scrubSecrets('token xoxb-1234567890-abcdef and sk-proj-abcdefghijkl')).toBe(
      'token xoxb-*** and sk-***',
    );
    expect(scrubSecrets('https://user:pa55@example.com/x')).toBe('https://***@example.com/x');
  });

  it('keeps a real Node process alive after an unhandled rejection (Node 20 would exit)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-'));
    dirs.push(dir);
    const script = join(dir, 'child.ts');
    await writeFile(
      script,
      [
        `import { jsonLogger } from ${JSON.stringify(coreModule)};`,
        `import { guardProcess, processFaults } from ${JSON.stringify(guardModule)};`,
        'guardProcess({ log: jsonLogger((l) => process.stdout.write(l)), onFatal: () => process.exit(3) });',
        "void Promise.reject(new Error('nobody awaited me'));",
        'setTimeout(() => {',
        "  process.stdout.write('alive ' + JSON.stringify(processFaults.snapshot()) + '\\n');",
        '}, 50);',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      timeout: 20_000,
    });
    const [logLine, alive] = stdout.trim().split('\n');
    expect(JSON.parse(logLine ?? '{}')).toMatchObject({
      level: 'error',
      event: 'unhandled_rejection',
      message: 'nobody awaited me',
    });
    expect(alive).toBe('alive {"unhandledRejections":1,"uncaughtExceptions":0}');
  });
});
