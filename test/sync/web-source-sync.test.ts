import type { ServerResponse } from 'node:http';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSourceRegistry,
  createSyncWorker,
  RedisRecordStore,
  type SyncRunSummary,
  type SyncWorker,
  triggerSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HashingEmbedder } from '../../packages/knowledge/src/ingest/fixtures/hashing-embedder.ts';
import {
  type LocalServer,
  type RecordedRequest,
  startLocalServer,
} from '../support/http-server.ts';
import { connect, disposeWorkerTest, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

const SOURCE = 'help';

interface Page {
  title: string;
  /** One `<h2>` section each, so a changed section is one changed chunk. */
  sections: Record<string, string>;
  version: number;
}

const pages = new Map<string, Page>([
  [
    '/billing',
    page('Billing', { Invoices: 'Invoices are sent monthly.', Refunds: 'Refunds take five days.' }),
  ],
  [
    '/login',
    page('Login', {
      Reset: 'Reset your password by email.',
      Lockout: 'Ten failed tries lock you out.',
    }),
  ],
  [
    '/plans',
    page('Plans', { Pro: 'The pro plan has priority support.', Team: 'Team plans have seats.' }),
  ],
  [
    '/export',
    page('Export', { CSV: 'Export tickets as CSV files.', API: 'The export API is paginated.' }),
  ],
  [
    '/webhooks',
    page('Webhooks', {
      Signing: 'Webhooks are signed with HMAC.',
      Retries: 'Failed webhooks retry hourly.',
    }),
  ],
]);

function page(title: string, sections: Record<string, string>): Page {
  return { title, sections, version: 1 };
}

const etagOf = (path: string, p: Page) => `"${path.slice(1)}-v${p.version}"`;
const lastModifiedOf = (p: Page) => new Date(Date.UTC(2026, 0, p.version)).toUTCString();

function html(p: Page): string {
  const body = Object.entries(p.sections)
    .map(([heading, text]) => `<h2>${heading}</h2><p>${text}</p>`)
    .join('');
  return `<html><head><title>${p.title}</title></head><body><h1>${p.title}</h1>${body}</body></html>`;
}

/**
 * A site with robots.txt, a sitemap without `<lastmod>` (so every run asks for every page) and
 * pages carrying a strong ETag and Last-Modified, answering 304 to a matching If-None-Match.
 */
function site(origin: () => string) {
  return (req: RecordedRequest, res: ServerResponse) => {
    const path = req.path.split('?')[0] ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('User-agent: *\nDisallow: /private\n');
    }
    if (path === '/sitemap.xml') {
      const urls = [...pages.keys()].map((p) => `<url><loc>${origin()}${p}</loc></url>`);
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(`<?xml version="1.0"?><urlset>${urls.join('')}</urlset>`);
    }
    const found = pages.get(path);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const validators = { etag: etagOf(path, found), 'last-modified': lastModifiedOf(found) };
    if (req.headers['if-none-match'] === validators.etag) {
      res.writeHead(304, validators);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...validators });
    res.end(html(found));
  };
}

describe('web source synced through the BullMQ worker (sitemap, ETags, real Redis and index)', () => {
  let server: LocalServer;
  let redis: Redis;
  let prefix: string;
  let sync: SyncWorker;
  let index: EmbeddedIndex;
  let embedder: HashingEmbedder;
  let removeIndexDir: () => Promise<void>;
  /** Status each page request was answered with, recorded by wrapping the handler. */
  const answered: Array<{ path: string; ifNoneMatch: string | undefined; status: number }> = [];

  beforeAll(async () => {
    const handle = site(() => server.url);
    server = await startLocalServer((req, res) => {
      handle(req, res);
      const path = req.path.split('?')[0] ?? '/';
      if (path !== '/robots.txt' && path !== '/sitemap.xml') {
        const ifNoneMatch = req.headers['if-none-match'];
        answered.push({ path, ifNoneMatch, status: res.statusCode });
      }
    });
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    const indexDir = await tempDir('web-sync-index');
    removeIndexDir = indexDir.remove;
    index = await EmbeddedIndex.open({ directory: indexDir.path });
    embedder = new HashingEmbedder();
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: createSourceRegistry([
        { name: SOURCE, kind: 'web', sitemapUrl: `${server.url}/sitemap.xml` },
      ]),
      embedder,
      prefix,
      documentRetry: { attempts: 2, delay: 10 },
    });
  });

  afterAll(async () => {
    await disposeWorkerTest({ sync, index, redis, prefix });
    await server?.close();
    await removeIndexDir?.();
  });

  async function runOnce(): Promise<SyncRunSummary> {
    answered.length = 0;
    embedder.calls.length = 0;
    const { jobId } = await triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.failedReason).toBeUndefined();
    expect(run.state).toBe('completed');
    return run.returnvalue as SyncRunSummary;
  }

  const url = (path: string) => `${server.url}${path}`;
  const docIds = async () =>
    [...new Set((await index.listChunks({ source: SOURCE })).map((c) => c.docId))].sort();

  it('adds, skips on 304, updates one changed page and deletes a dropped one', async () => {
    // First run: every sitemap page is added, and its chunks are searchable.
    const first = await runOnce();
    expect(first).toMatchObject({ added: 5, updated: 0, unchanged: 0, deleted: 0, failed: [] });
    expect(first.reconcile.ok).toBe(true);
    expect(await docIds()).toEqual([...pages.keys()].map(url).sort());
    expect(answered.every((a) => a.status === 200 && a.ifNoneMatch === undefined)).toBe(true);

    const query = 'signed with HMAC';
    const hits = await index.search({
      text: query,
      vector: await embedder.embedQuery(query),
      limit: 3,
    });
    expect(hits[0]?.chunk).toMatchObject({ docId: url('/webhooks'), source: SOURCE });
    expect(hits[0]?.chunk.text).toContain('signed with HMAC');

    // Second run: every page is asked for conditionally, answers 304, nothing is embedded.
    const second = await runOnce();
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 5, deleted: 0, failed: [] });
    expect(answered.map((a) => a.path).sort()).toEqual([...pages.keys()].sort());
    for (const { path, ifNoneMatch, status } of answered) {
      expect(ifNoneMatch, path).toBe(etagOf(path, pages.get(path)!));
      expect(status, path).toBe(304);
    }
    expect(embedder.calls).toEqual([]);

    // Third run: one page changes (new ETag, one new section): only it is fetched and only that
    // section is embedded again.
    const plans = pages.get('/plans')!;
    plans.sections.Team = 'Team plans are now billed yearly.';
    plans.version = 2;

    const third = await runOnce();
    expect(third).toMatchObject({ added: 0, updated: 1, unchanged: 4, deleted: 0, failed: [] });
    expect(answered.filter((a) => a.status === 200).map((a) => a.path)).toEqual(['/plans']);
    const texts = embedder.calls.flat();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('billed yearly'))).toBe(true);
    const yearly = 'billed yearly';
    const updated = await index.search({
      text: yearly,
      vector: await embedder.embedQuery(yearly),
      limit: 1,
    });
    expect(updated[0]?.chunk.docId).toBe(url('/plans'));

    // Fourth run: a page dropped from the sitemap (and 404 from now on) leaves the index.
    expect(await index.listChunks({ docId: url('/export') })).not.toEqual([]);
    pages.delete('/export'); // gone from the sitemap, and 404 from now on

    const fourth = await runOnce();
    expect(fourth).toMatchObject({ added: 0, updated: 0, unchanged: 4, deleted: 1, failed: [] });
    expect(fourth.reconcile.ok).toBe(true);
    expect(await index.listChunks({ docId: url('/export') })).toEqual([]);
    expect(await docIds()).toEqual([...pages.keys()].map(url).sort());
    expect(answered.some((a) => a.path === '/export')).toBe(false);
    expect(embedder.calls).toEqual([]);
  });
});
