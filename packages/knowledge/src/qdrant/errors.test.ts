import { createServer } from 'node:net';
import { isSwitchboardError, type SwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { startFakeQdrant } from '../../../../test/support/qdrant/fake-qdrant-server.ts';
import { QdrantIndex } from './qdrant-index.ts';

async function openError(url: string): Promise<SwitchboardError> {
  const error = await QdrantIndex.open({ url, collection: 'help' }).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isSwitchboardError(error)) throw new Error(`expected a SwitchboardError, got ${error}`);
  return error;
}

/** A loopback port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Qdrant connection failures', () => {
  it('become INDEX_UNAVAILABLE with the reason hidden in `fetch failed`', async () => {
    // Port 9 is on fetch's blocked-port list: undici fails with TypeError('fetch failed') whose
    // cause says why; that reason must reach our message.
    const error = await openError('http://127.0.0.1:9');

    expect(error).toMatchObject({ code: 'INDEX_UNAVAILABLE', status: 503 });
    const cause = error.cause as TypeError & { cause?: Error };
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed');
    expect(error.message).toContain('http://127.0.0.1:9');
    expect(error.message).toContain(cause.cause?.message);
    expect(error.message).not.toContain('fetch failed');
  });

  it('name the system error code when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;

    const error = await openError(url);

    expect(error.code).toBe('INDEX_UNAVAILABLE');
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.publicMessage).toBe('The knowledge index is unavailable.');
  });

  it('rejects a non-positive dense dimension as CONFIG_INVALID before connecting', async () => {
    await expect(
      QdrantIndex.open({ url: 'http://127.0.0.1:9', collection: 'help', denseDimension: 0 }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('Qdrant API errors', () => {
  it('become INDEX_UNAVAILABLE carrying Qdrant’s own explanation', async () => {
    const server = await startFakeQdrant({
      count: 0,
      points: [],
      failRoute: 'POST /collections/:name/points/count',
    });
    try {
      const index = await QdrantIndex.open({ url: server.url, collection: 'help' });

      const error = await index.count().then(
        () => undefined,
        (err: unknown) => err,
      );

      expect(error).toMatchObject({ code: 'INDEX_UNAVAILABLE', details: { operation: 'count' } });
      expect((error as Error).message).toBe(
        'Qdrant count failed: HTTP 400: Wrong input: simulated failure',
      );
      await index.close();
      await expect(index.count()).rejects.toThrow('Qdrant index is closed (count)');
    } finally {
      await server.close();
    }
  });
});
