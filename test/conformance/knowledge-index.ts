import type { Chunk, EmbeddedChunk, KnowledgeIndex, ScoredChunk } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What a backend's factory hands the suite for one test. */
export interface KnowledgeIndexFixture {
  /** A fresh, empty index with its own storage (temp dir, collection...). */
  index: KnowledgeIndex;
  /**
   * Closes the current index and opens a new one over the same storage (omit when the backend
   * cannot reopen). `cleanup` must close whichever index is open last.
   */
  reopen?: () => Promise<KnowledgeIndex>;
  /** Closes the index and deletes its storage; runs after every test, failed or not. */
  cleanup: () => Promise<void>;
}

export interface KnowledgeIndexConformanceOptions {
  /** Also check dense (vector) search: every fixture chunk gets a vector. */
  dense?: boolean;
}

const DIMENSION = 8;

/** Unit vector along one axis, slightly tilted towards the next, so cosine order is obvious. */
function axis(i: number, tilt = 0): number[] {
  const v = new Array<number>(DIMENSION).fill(0);
  v[i % DIMENSION] = 1;
  v[(i + 1) % DIMENSION] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

let axisCounter = 0;

/** A chunk of document `id.split('#')[0]`; in dense suites it gets `vector` or a fresh axis. */
function chunk(
  id: string,
  text: string,
  extra: Partial<Chunk> & { vector?: number[] },
  dense: boolean,
): EmbeddedChunk {
  const { vector, ...fields } = extra;
  const out: EmbeddedChunk = {
    id,
    docId: id.split('#')[0] ?? id,
    title: `Title of ${id}`,
    sectionPath: [],
    text,
    hash: sha256(text),
    position: 0,
    ...fields,
  };
  if (dense) out.vector = vector ?? axis(axisCounter++);
  return out;
}

/**
 * The behaviour every `KnowledgeIndex` backend must show (embedded LanceDB, Qdrant, ...). Call it
 * from the backend's test file with a factory that builds an isolated, empty index per test.
 */
export function describeKnowledgeIndexConformance(
  name: string,
  factory: () => Promise<KnowledgeIndexFixture>,
  options: KnowledgeIndexConformanceOptions = {},
): void {
  const dense = options.dense ?? false;

  describe(`KnowledgeIndex conformance: ${name}${dense ? ' (dense)' : ''}`, () => {
    let fixture: KnowledgeIndexFixture | undefined;
    const index = (): KnowledgeIndex => {
      if (!fixture) throw new Error('fixture not created');
      return fixture.index;
    };

    const make = (id: string, text: string, extra: Parameters<typeof chunk>[2] = {}) =>
      chunk(id, text, extra, dense);
    const corpus = (): EmbeddedChunk[] => [
      make('account#1', 'Reset your password from the login page by pressing the forgot link.', {
        title: 'Account help',
        sectionPath: ['Security', 'Passwords'],
        url: 'https://help.example/account#passwords',
        source: 'help',
        metadata: { lang: 'en', version: 2, public: true },
      }),
      make('account#2', 'Delete your account from the privacy settings.', {
        position: 1,
        source: 'help',
      }),
      make('billing#1', 'Refunds are issued within thirty days of purchase.', { source: 'help' }),
      make('billing#2', 'Invoices list every refund and every payment.', {
        position: 1,
        source: 'help',
      }),
      make('blog#1', 'Our team wrote about password managers and refunds policy.', {
        source: 'blog',
      }),
    ];

    const search = (text: string, extra: Partial<Parameters<KnowledgeIndex['search']>[0]> = {}) =>
      index().search({ text, limit: 10, ...extra });
    const ids = (hits: ScoredChunk[]) => hits.map((h) => h.chunk.id);

    beforeEach(async () => {
      fixture = await factory();
    });

    afterEach(async () => {
      const current = fixture;
      fixture = undefined;
      await current?.cleanup();
    });

    it('answers an empty index with no hits, zero count and no chunks', async () => {
      expect(await search('password')).toEqual([]);
      expect(await index().count()).toBe(0);
      expect(await index().listChunks()).toEqual([]);
      expect(await index().deleteDocuments(['nothing'])).toBe(0);
      expect(await index().deleteChunks(['nothing'])).toBe(0);
    });

    it('finds an upserted chunk with all its fields', async () => {
      const chunks = corpus();
      await index().upsert(chunks);

      const hits = await search('reset password');

      expect(hits[0]?.chunk.id).toBe('account#1');
      const { vector: _vector, ...expected } = chunks[0]!;
      expect(hits[0]?.chunk).toEqual(expected);
      expect(hits[0]?.score).toBeGreaterThan(0);
      expect(hits[0]?.lexical).toBeGreaterThan(0);
      expect(hits[0]?.coverage).toBeGreaterThan(0);
      expect(hits[0]?.coverage).toBeLessThanOrEqual(1);
      expect(await index().count()).toBe(5);
    });

    it('replaces a chunk upserted again under the same id', async () => {
      await index().upsert(corpus());
      await index().upsert([
        make('billing#1', 'Chargebacks are handled by the bank.', { source: 'help' }),
      ]);

      expect(await index().count()).toBe(5);
      expect(ids(await search('chargebacks bank'))).toEqual(['billing#1']);
      expect(ids(await search('thirty days purchase'))).not.toContain('billing#1');
      const listed = await index().listChunks({ docId: 'billing' });
      expect(listed.filter((c) => c.id === 'billing#1')).toEqual([
        { id: 'billing#1', docId: 'billing', hash: sha256('Chargebacks are handled by the bank.') },
      ]);
    });

    it('keeps the last of repeated ids within one upsert', async () => {
      await index().upsert([
        make('x#1', 'first version about modems'),
        make('x#1', 'second version about routers'),
      ]);

      expect(await index().count()).toBe(1);
      expect(ids(await search('routers'))).toEqual(['x#1']);
      expect(await search('modems')).toEqual([]);
    });

    it('deletes every chunk of the given documents and nothing else', async () => {
      await index().upsert(corpus());

      expect(await index().deleteDocuments(['account', 'unknown'])).toBe(2);

      expect(await index().count()).toBe(3);
      expect(await index().listChunks({ docId: 'account' })).toEqual([]);
      expect(ids(await search('password'))).toEqual(['blog#1']);
      expect(await index().deleteDocuments(['account'])).toBe(0);
    });

    it('deletes chunks by id, counting only those that existed', async () => {
      await index().upsert(corpus());

      expect(await index().deleteChunks(['billing#1', 'billing#1', 'missing'])).toBe(1);

      expect(await index().count()).toBe(4);
      expect((await index().listChunks({ docId: 'billing' })).map((c) => c.id)).toEqual([
        'billing#2',
      ]);
    });

    it('lists chunk ids and hashes per document, per source and overall', async () => {
      const chunks = corpus();
      const many = Array.from({ length: 25 }, (_, i) =>
        make(`bulk#${i}`, `Bulk text number ${i}.`, { position: i }),
      );
      await index().upsert([...chunks, ...many]);

      const account = await index().listChunks({ docId: 'account' });
      expect(account).toEqual([
        { id: 'account#1', docId: 'account', hash: chunks[0]!.hash },
        { id: 'account#2', docId: 'account', hash: chunks[1]!.hash },
      ]);
      expect((await index().listChunks({ source: 'blog' })).map((c) => c.id)).toEqual(['blog#1']);
      expect(await index().listChunks()).toHaveLength(30);
      expect(await index().count()).toBe(30);
    });

    it('reads one document’s chunks in position order, with every field and no vector', async () => {
      const chunks = corpus();
      const pieces = [3, 0, 2, 1].map((p) =>
        make(`manual#${p}`, `Manual part ${p}.`, { position: p, sectionPath: ['Part', `${p}`] }),
      );
      await index().upsert([...chunks, ...pieces]);

      const manual = await index().getDocumentChunks('manual');
      expect(manual.map((c) => c.id)).toEqual(['manual#0', 'manual#1', 'manual#2', 'manual#3']);
      expect(manual[2]).toEqual({
        id: 'manual#2',
        docId: 'manual',
        title: 'Title of manual#2',
        sectionPath: ['Part', '2'],
        text: 'Manual part 2.',
        hash: sha256('Manual part 2.'),
        position: 2,
      });
      const { vector: _vector, ...account } = chunks[0]!;
      expect((await index().getDocumentChunks('account'))[0]).toEqual(account);
      await index().deleteChunks(['manual#1']);
      expect((await index().getDocumentChunks('manual')).map((c) => c.position)).toEqual([0, 2, 3]);
      // Unknown ids, prefixes of real ones and property names are just absent documents.
      for (const missing of ['nothing', 'manua', 'manual#0', 'constructor', '__proto__', ''])
        expect(await index().getDocumentChunks(missing)).toEqual([]);
    });

    it('honours docIds and source filters', async () => {
      await index().upsert(corpus());

      expect(ids(await search('refunds', { filter: { docIds: ['blog'] } }))).toEqual(['blog#1']);
      expect(ids(await search('refunds', { filter: { source: 'help' } })).sort()).toEqual([
        'billing#1',
        'billing#2',
      ]);
      expect(await search('refunds', { filter: { docIds: ['billing'], source: 'blog' } })).toEqual(
        [],
      );
      expect(await search('refunds', { filter: { docIds: [] } })).toEqual([]);
    });

    it('respects the limit and sorts by score, best first', async () => {
      await index().upsert(corpus());

      const all = await search('password refunds account');
      const two = await search('password refunds account', { limit: 2 });

      expect(all.length).toBeGreaterThan(2);
      expect(two).toHaveLength(2);
      expect(ids(two)).toEqual(ids(all).slice(0, 2));
      for (let i = 1; i < all.length; i++)
        expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    });

    it('stores ids and filter values with quotes and special characters as data', async () => {
      const docId = `it's "odd" \\ doc; DROP TABLE chunks --`;
      const weird = [
        make(`${docId}#1`, 'Quoted identifiers survive storage.', { source: "o'brien" }),
        make(`a' OR '1'='1`, 'Injection attempts stay literal.', { docId: 'inject' }),
        make('ünï 文档 #2', 'Unicode identifiers work too.', { docId: 'unicode' }),
      ];
      await index().upsert([...corpus(), ...weird]);

      expect(
        ids(await search('quoted identifiers', { filter: { docIds: [docId], source: "o'brien" } })),
      ).toEqual([`${docId}#1`]);
      expect((await index().listChunks({ docId: 'unicode' })).map((c) => c.id)).toEqual([
        'ünï 文档 #2',
      ]);
      expect(await index().deleteChunks([`a' OR '1'='1`])).toBe(1);
      expect(await index().deleteDocuments([docId])).toBe(1);
      expect(await index().count()).toBe(6);
    });

    it('switches to a one-source rebuild that carries the other sources over', async ({ skip }) => {
      const live = index();
      if (!live.beginRebuild || !live.commitRebuild) return skip();
      const chunks = corpus();
      await live.upsert(chunks);
      const next = await live.beginRebuild();
      await next.upsert([
        make('account#9', 'Passwords now reset by e-mail link.', { source: 'help' }),
      ]);
      // Until the switch, readers see the old index.
      expect(ids(await search('password')).sort()).toEqual(['account#1', 'blog#1']);
      await live.commitRebuild(next, { carryOver: { exceptSource: 'help' } });

      expect((await live.listChunks()).map((c) => c.id).sort()).toEqual(['account#9', 'blog#1']);
      expect(ids(await search('password')).sort()).toEqual(['account#9', 'blog#1']);
      if (dense) {
        // Carried over with its vector: found by vector alone.
        const blog = chunks.find((c) => c.id === 'blog#1');
        const hits = await search('zzz', { vector: blog?.vector ?? [] });
        expect(hits[0]?.chunk.id).toBe('blog#1');
        expect(hits[0]?.dense).toBeGreaterThan(0.99);
      }
    });

    it('keeps its data when reopened', async ({ skip }) => {
      if (!fixture?.reopen) return skip();
      await index().upsert(corpus());
      await index().deleteChunks(['billing#2']);
      const before = await search('password refunds account');

      fixture.index = await fixture.reopen();

      expect(await index().count()).toBe(4);
      expect(await search('password refunds account')).toEqual(before);
    });

    if (dense) {
      it('ranks the nearest vector first even without lexical overlap', async () => {
        await index().upsert([
          make('v#0', 'alpha bravo', { vector: axis(0) }),
          make('v#1', 'charlie delta', { vector: axis(1) }),
          make('w#2', 'echo foxtrot', { vector: axis(2) }),
        ]);

        const hits = await search('zulu yankee', { vector: axis(2, 0.3) });

        expect(hits[0]?.chunk.id).toBe('w#2');
        expect(hits[0]?.dense).toBeGreaterThan(0.9);
        expect(hits[0]?.lexical).toBeUndefined();
        const filtered = await search('zulu yankee', {
          vector: axis(2, 0.3),
          filter: { docIds: ['v'] },
        });
        expect(ids(filtered)).not.toContain('w#2');
        expect(filtered.length).toBeGreaterThan(0);
      });

      it('fuses both sides: a chunk found by both outranks one found by either', async () => {
        // Lexical order: lex (all three words), both (two words). Dense order: both, vec, lex.
        // Whatever the fusion constant, ranks 2 + 1 beat 1 + last and 2 + absent.
        await index().upsert([
          make('f#lex', 'router firmware update', { vector: axis(0) }),
          make('f#both', 'router firmware guide', { vector: axis(3) }),
          make('f#vec', 'unrelated words', { vector: axis(3, 0.3) }),
        ]);

        const hits = await search('router firmware update', { vector: axis(3) });

        expect(hits[0]?.chunk.id).toBe('f#both');
        expect(hits[0]?.lexical).toBeGreaterThan(0);
        expect(hits[0]?.dense).toBeGreaterThan(0.99);
        expect(ids(hits).slice(1).sort()).toEqual(['f#lex', 'f#vec']);
      });

      it('rejects vectors of another dimension with DATA_INVALID', async () => {
        await index().upsert(corpus());

        await expect(
          index().upsert([make('bad#1', 'bad', { vector: [1, 0, 0] })]),
        ).rejects.toMatchObject({ code: 'DATA_INVALID' });
        expect(await index().count()).toBe(5);
      });
    }
  });
}
