import { describe, expect, it } from 'vitest';
import { isSyncJobName, parseSyncPayload } from './queues.ts';

describe('sync job payloads', () => {
  it('accepts a well-formed payload for its job name', () => {
    const parsed = parseSyncPayload('sync-documents', {
      runId: 'run-1',
      source: 'help',
      refs: [{ id: 'a.md', fingerprint: '1:2' }],
    });
    expect(parsed).toEqual({
      ok: true,
      data: { runId: 'run-1', source: 'help', refs: [{ id: 'a.md', fingerprint: '1:2' }] },
    });
    expect(parseSyncPayload('sync-documents', { runId: 'r', source: 's', refs: [] }).ok).toBe(
      false,
    );
  });

  it('names the fields of a payload that does not match its job name', () => {
    const parsed = parseSyncPayload('sync-run', { runId: 'r', source: ' ', mode: 'all', extra: 1 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toMatch(/source/);
    expect(parsed.issues).toMatch(/mode/);
    expect(parsed.issues).toMatch(/trigger/);
    expect(parsed.issues).toMatch(/extra/);
  });

  it('knows its job names', () => {
    expect(isSyncJobName('delete-documents')).toBe(true);
    expect(isSyncJobName('toString')).toBe(false);
  });
});
