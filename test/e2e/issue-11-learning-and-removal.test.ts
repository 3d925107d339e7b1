import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import type { Reply } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { type SyncRunSummary, waitForRun } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

const TOKEN = 'issue-11-learning-and-removal-token';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A document only the runtime-added source has. */
const GARAGE = {
  id: 'accessories/garage-door-sensor',
  title: 'Garage Door Sensor batteries',
  text: 'The Nimbus Garage Door Sensor runs on one CR2450 coin cell. The CR2450 cell lasts about two years; replace it when the app shows the low battery badge on the garage door tile.',
};
const GARAGE_QUESTION = 'Which battery does the garage door sensor take?';

/**
 * Issue 11, points 6 and 7, on the real runtime (bundled sample, embedded index, trained brand
 * model, in-process sync worker, private Redis) behind the real admin API:
 * - a 👍 on a knowledge answer is evidence for the cited page, never a brand-voice candidate;
 *   two 👍 on the same brand answer make one candidate;
 * - after a source is removed, a question that cited it is no longer answered from it, and the
 *   removal run is in the source's history.
 */
describe('issue 11: a clean learning loop, and sources that really go away', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let dataDir: string;
  let docsDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-issue-11-'));
    docsDir = await mkdtemp(join(tmpdir(), 'switchboard-issue-11-docs-'));
    await writeFile(join(docsDir, 'accessories.jsonl'), `${JSON.stringify(GARAGE)}\n`);
    runtime = await openRuntime(
      loadConfig(runtimeEnv(dataDir, { SWITCHBOARD_ADMIN_TOKEN: TOKEN })),
    );
    const admin = runtime.admin;
    if (!admin) throw new Error('the admin API should be on');
    app = await buildApp({
      assistant: runtime.assistant,
      health: async () => runtime.liveness(),
      maxMessageChars: 1000,
      admin: {
        ...admin,
        feedback: runtime.support.feedback,
        gaps: runtime.support.gaps,
        harvest: runtime.harvest,
        knowledgeFeedback: runtime.knowledgeFeedback,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(docsDir, { recursive: true, force: true });
  });

  const ask = (text: string, conversationId = crypto.randomUUID()): Promise<Reply> =>
    runtime.assistant.reply({ conversationId, text, channel: 'web' });
  const thumbsUp = (reply: Reply) =>
    runtime.support.feedback.record({
      conversationId: reply.conversationId,
      messageId: reply.messageId,
      rating: 'up',
      channel: 'web',
      at: Date.now(),
    });
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: auth });
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };

  it('a 👍 on a knowledge answer counts for the cited page and creates no brand-voice candidate', async () => {
    const reply = await ask('How do I pair a room sensor with my thermostat?');
    expect(reply.route).toBe('knowledge');
    const cited = [...new Set(reply.citations.map((c) => c.docId))];
    expect(cited.length).toBeGreaterThan(0);
    await thumbsUp(reply);
    await thumbsUp(reply); // a second click on the same answer counts once

    expect(await runtime.harvest.list()).toEqual([]);
    expect((await get('/admin/api/harvest')).candidates).toEqual([]);
    const { documents } = await get('/admin/api/knowledge/feedback');
    expect(documents.map((d: { docId: string }) => d.docId).sort()).toEqual([...cited].sort());
    for (const document of documents) expect(document.helpful).toBe(1);
  });

  it('two 👍 on the same brand answer create one candidate, under the intent it was answered with', async () => {
    const question = 'I forgot my password and cannot log in';
    const reply = await ask(question);
    expect(reply.route).toBe('brand');
    const intent = reply.decision.scores.brandIntent;
    await thumbsUp(reply);
    await thumbsUp(reply);
    const candidates = (await get('/admin/api/harvest?state=pending')).candidates;
    expect(candidates).toEqual([
      expect.objectContaining({ source: 'thumbs_up', question, intent, count: 1 }),
    ]);

    // The same question in another conversation merges into it; Accept still works.
    const again = await ask('i forgot my password and cannot log in!');
    expect(again.route).toBe('brand');
    await thumbsUp(again);
    const [merged] = (await get('/admin/api/harvest')).candidates;
    expect(merged).toMatchObject({ id: candidates[0].id, count: 2 });
    const accepted = await app.inject({
      method: 'POST',
      url: `/admin/api/harvest/${merged.id}/accept`,
      headers: auth,
    });
    expect(accepted.json().candidate).toMatchObject({ state: 'accepted', count: 2 });
  });

  it('after a source is removed, its documents no longer answer, and the removal run is in its history', async () => {
    const added = await app.inject({
      method: 'POST',
      url: '/admin/api/sources',
      headers: auth,
      payload: { name: 'accessories', kind: 'jsonl', path: join(docsDir, 'accessories.jsonl') },
    });
    expect(added.statusCode).toBe(201);
    const synced = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/accessories/sync',
      headers: auth,
    });
    await waitForRun(runtime.sync.queue, synced.json().jobId, { pollMs: 100, timeoutMs: 60_000 });

    const before = await ask(GARAGE_QUESTION);
    expect(before.route).toBe('knowledge');
    expect(before.citations.map((c) => c.docId)).toContain(GARAGE.id);
    expect(before.text).toContain('CR2450');

    const removed = await app.inject({
      method: 'DELETE',
      url: '/admin/api/sources/accessories',
      headers: auth,
    });
    expect(removed.statusCode).toBe(202);
    const { jobId } = removed.json();
    const summary = (await waitForRun(runtime.sync.queue, jobId, {
      pollMs: 100,
      timeoutMs: 60_000,
    })) as SyncRunSummary;
    expect(summary).toMatchObject({ source: 'accessories', mode: 'remove', deleted: 1 });

    const after = await ask(GARAGE_QUESTION);
    expect(after.citations.map((c) => c.docId)).not.toContain(GARAGE.id);
    expect(after.text).not.toContain('CR2450');
    expect(await runtime.index.getDocumentChunks(GARAGE.id)).toEqual([]);

    const { runs } = await get('/admin/api/sources/accessories/runs');
    expect(runs[0]).toMatchObject({ runId: jobId, mode: 'remove', trigger: 'admin', deleted: 1 });
    expect(runs[1]).toMatchObject({ runId: synced.json().jobId, added: 1 });
    expect((await get('/admin/api/sources')).sources.map((s: { name: string }) => s.name)).toEqual([
      'default',
    ]);
  }, 120_000);
});
