import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../records/record-store.ts';
import { planSync } from './plan-sync.ts';

const rec = (docId: string, fingerprint: string, status: DocumentRecord['status'] = 'indexed') => ({
  docId,
  fingerprint,
  chunkIds: [],
  status,
  updatedAt: 0,
});

const refs = [
  { id: 'same', fingerprint: '1' },
  { id: 'changed', fingerprint: '2' },
  { id: 'new', fingerprint: '1' },
  { id: 'broken', fingerprint: '1' },
];
const records = [
  rec('same', '1'),
  rec('changed', '1'),
  rec('broken', '1', 'failed'),
  rec('gone', '1'),
];

describe('planSync', () => {
  it('incremental fetches new, changed and failed documents and deletes unlisted ones', () => {
    const plan = planSync({ refs, records, mode: 'incremental' });
    expect(plan.toFetch.map((r) => r.id)).toEqual(['changed', 'new', 'broken']);
    expect(plan.unchanged).toEqual(['same']);
    expect(plan.toDelete).toEqual(['gone']);
  });

  it('full fetches everything listed', () => {
    const plan = planSync({ refs, records, mode: 'full' });
    expect(plan.toFetch.map((r) => r.id)).toEqual(['same', 'changed', 'new', 'broken']);
    expect(plan.unchanged).toEqual([]);
    expect(plan.toDelete).toEqual(['gone']);
  });

  it('failed-only fetches only failed documents', () => {
    const plan = planSync({ refs, records, mode: 'failed-only' });
    expect(plan.toFetch.map((r) => r.id)).toEqual(['broken']);
    expect(plan.unchanged).toEqual(['same', 'changed', 'new']);
  });

  it('fetches a document listed twice once', () => {
    const plan = planSync({ refs: [refs[2]!, refs[2]!], records: [], mode: 'incremental' });
    expect(plan.toFetch).toHaveLength(1);
  });
});
