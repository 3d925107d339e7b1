import { describe, expect, it } from 'vitest';
import { InMemoryRecordManager } from './memory-record-manager.ts';

describe('InMemoryRecordManager', () => {
  it('tracks which keys exist and deletes them', async () => {
    const manager = new InMemoryRecordManager();
    await manager.update(['a', 'b'], { groupIds: ['doc-1', 'doc-2'] });
    expect(await manager.exists(['a', 'x', 'b'])).toEqual([true, false, true]);
    await manager.deleteKeys(['a']);
    expect(await manager.exists(['a', 'b'])).toEqual([false, true]);
    expect(await manager.listKeys({ groupIds: ['doc-1'] })).toEqual([]);
  });

  it('gives strictly increasing times, so keys touched in this run are never "before" it', async () => {
    const manager = new InMemoryRecordManager();
    await manager.update(['old'], { groupIds: ['doc'] });
    const start = await manager.getTime();
    await manager.update(['new'], { groupIds: ['doc'], timeAtLeast: start });
    expect(await manager.listKeys({ before: start, groupIds: ['doc'] })).toEqual(['old']);
    expect(await manager.listKeys({ after: start })).toEqual(['new']);
  });

  it('filters by group, keeps the first group of a key and honours limit', async () => {
    const manager = new InMemoryRecordManager();
    await manager.update(['a', 'b', 'c'], { groupIds: ['g1', 'g1', 'g2'] });
    await manager.update(['a'], { groupIds: ['g2'] });
    expect((await manager.listKeys({ groupIds: ['g1'] })).sort()).toEqual(['a', 'b']);
    expect(await manager.listKeys({ groupIds: ['g2'] })).toEqual(['c']);
    expect(await manager.listKeys({ limit: 2 })).toHaveLength(2);
  });

  it('rejects mismatched group ids and a clock behind timeAtLeast', async () => {
    const manager = new InMemoryRecordManager();
    await expect(manager.update(['a', 'b'], { groupIds: ['g'] })).rejects.toThrow(/does not match/);
    const future = (await manager.getTime()) + 60_000;
    await expect(manager.update(['a'], { timeAtLeast: future })).rejects.toThrow(/Time sync/);
  });
});
