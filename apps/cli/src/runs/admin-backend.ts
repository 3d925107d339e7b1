import { isSwitchboardError, SwitchboardError } from '@switchboard/core';
import type { SourceSpec, SyncRunSummary, SyncStatus, TriggeredRun } from '@switchboard/sync';
import type { AdminClient } from '../server/admin-client.ts';
import type { SourceRow, SyncBackend } from './sync-backend.ts';

const at = (name: string) => `/sources/${encodeURIComponent(name)}`;

/** The sync commands through a running server's admin API (the server's worker does the runs). */
export function adminSyncBackend(client: AdminClient): SyncBackend {
  const list = async () => (await client.get<{ sources: SourceRow[] }>('/sources')).sources;
  return {
    where: client.baseUrl,
    list,
    async add(input) {
      try {
        return (await client.post<{ source: SourceSpec }>('/sources', input)).source;
      } catch (error) {
        if (isSwitchboardError(error) && error.code === 'CONFLICT') return null;
        throw error;
      }
    },
    async remove(name) {
      const { jobId, joined } = await client.delete<TriggeredRun>(at(name));
      return { jobId, joined };
    },
    async setPaused(name, paused) {
      await client.post(`${at(name)}/${paused ? 'pause' : 'resume'}`);
    },
    trigger: (name, mode) => client.post<TriggeredRun>(`${at(name)}/sync`, { mode }),
    async status() {
      const [status, rows] = await Promise.all([client.get<SyncStatus>('/status'), list()]);
      const last = new Map(rows.map((row) => [row.name, row.lastRun]));
      return {
        counts: status.counts,
        sources: status.sources.map((row) => ({ ...row, lastRun: last.get(row.name) ?? null })),
      };
    },
    async lookAtRun(source, jobId) {
      const status = await client.get<SyncStatus>('/status');
      const active = status.sources.find((row) => row.name === source)?.activeRun;
      if (active?.jobId === jobId) return { finished: false, active };
      // Not running (or a removal run, which the status does not show): finished when the
      // source's history has it; every run, failed ones too, ends up there.
      const { runs } = await client.get<{ runs: SyncRunSummary[] }>(`${at(source)}/runs`);
      const summary = runs.find((run) => run.runId === jobId);
      if (!summary) return { finished: false, active: null };
      if (summary.error)
        throw new SwitchboardError(
          'INTERNAL',
          `Run ${jobId} failed while ${summary.error.stage}: ${summary.error.message}`,
        );
      return { finished: true, summary };
    },
  };
}
