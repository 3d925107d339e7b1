import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitSignal } from './commit-signal.ts';
import { MaintenancePolicy } from './maintenance-policy.ts';

describe('CommitSignal', () => {
  let directory: string;
  let now: number;
  const clock = () => now;
  const open = (logical = 'chunks', alsoWatch: string[] = []) =>
    CommitSignal.open({ directory, logical, alsoWatch, intervalMs: 250, clock });
  /** What another process's commit leaves: a rewritten stamp, old enough not to be racy. */
  const foreignCommit = async (file: string, text: string) => {
    await writeFile(file, text);
    const past = new Date(Date.now() - 5_000);
    await utimes(file, past, past);
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-signal-'));
    now = Date.now(); // file times are real: the fake clock starts from the real one
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('says nothing changed without looking at the disk again within the interval', async () => {
    const signal = await open();
    expect(await signal.mayHaveChanged()).toBe(false); // first look: no stamp, as at open
    signal.settle();
    await foreignCommit(signal.file, 'other process, commit 1\n');
    now += 100;
    expect(await signal.mayHaveChanged()).toBe(false); // not looked at yet
    now += 200;
    expect(await signal.mayHaveChanged()).toBe(true); // looked: the stamp moved
    signal.settle();
    now += 300;
    expect(await signal.mayHaveChanged()).toBe(false); // settled, unchanged since
  });

  it('tells other instances of this process at once, and not the one that committed', async () => {
    const writer = await open();
    const reader = await open();
    const otherTable = await open('faq');
    for (const signal of [writer, reader, otherTable]) {
      await signal.mayHaveChanged(); // the first look at the disk; the next is due in 250 ms
      signal.settle();
    }
    writer.announce();
    expect(await writer.mayHaveChanged()).toBe(false);
    expect(await reader.mayHaveChanged()).toBe(true); // no disk look was due: the counter said so
    expect(await otherTable.mayHaveChanged()).toBe(false);
    reader.settle();
    expect(await reader.mayHaveChanged()).toBe(false);
  });

  it('keeps asking while the stamp is young enough to hide a second write in its tick', async () => {
    const signal = await open();
    await writeFile(signal.file, 'fresh\n'); // mtime = now (real clock)
    now = Date.now();
    expect(await signal.mayHaveChanged()).toBe(true);
    signal.settle();
    now += 300;
    expect(await signal.mayHaveChanged()).toBe(true); // same stamp, but still racy
    signal.settle();
    now += 2_000;
    expect(await signal.mayHaveChanged()).toBe(false);
  });

  it('watches the table pointer too, and asks for a full check now and then regardless', async () => {
    const pointer = join(directory, 'chunks.current-table.json');
    const signal = await open('chunks', [pointer]);
    await foreignCommit(pointer, '{"table":"chunks_v1"}\n');
    now += 300;
    expect(await signal.mayHaveChanged()).toBe(true);
    signal.settle();
    now += 300;
    expect(await signal.mayHaveChanged()).toBe(false);
    now += 10_000;
    expect(await signal.mayHaveChanged()).toBe(true); // the periodic full check
  });

  it('looks again no sooner than asked after a costly reload', async () => {
    const signal = await open();
    signal.settle(2_000); // the reload took 500 ms: the next look waits 4 × as long
    await foreignCommit(signal.file, 'other process\n');
    now += 1_000;
    expect(await signal.mayHaveChanged()).toBe(false);
    now += 1_000;
    expect(await signal.mayHaveChanged()).toBe(true);
  });

  it('forces a check after invalidate', async () => {
    const signal = await open();
    signal.settle();
    signal.invalidate();
    expect(await signal.mayHaveChanged()).toBe(true);
  });
});

describe('MaintenancePolicy', () => {
  it('is due after max(minCommits, √(balance · rows)) commits, pending after any', () => {
    const policy = new MaintenancePolicy({ balance: 0.4, minCommits: 20 });
    expect(policy.pending).toBe(false);
    policy.recordCommit();
    expect(policy.pending).toBe(true);
    for (let i = 1; i < 20; i++) policy.recordCommit();
    expect(policy.due).toBe(true); // 20 commits on an empty table
    policy.maintained(100_000); // √(0.4 · 100k) = 200
    expect(policy.pending).toBe(false);
    for (let i = 0; i < 199; i++) policy.recordCommit();
    expect(policy.due).toBe(false);
    policy.recordCommit();
    expect(policy.due).toBe(true);
    policy.maintained(1000); // √400 = 20
    for (let i = 0; i < 19; i++) policy.recordCommit();
    expect(policy.due).toBe(false);
    policy.recordCommit();
    expect(policy.due).toBe(true);
  });
});
