import { describe, expect, it } from 'vitest';
import { streamWithFallback } from './stream.ts';

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of stream) out.push(piece);
  return out;
}

async function* failing(before: string[]): AsyncGenerator<string> {
  yield* before;
  throw new Error('provider down');
}

describe('streamWithFallback', () => {
  it('passes the primary stream through when it works', async () => {
    async function* working(): AsyncGenerator<string> {
      yield 'a';
      yield 'b';
    }
    expect(await collect(streamWithFallback(working(), () => ['x']))).toEqual(['a', 'b']);
  });

  it('switches to the fallback when the primary fails before its first piece', async () => {
    const errors: unknown[] = [];
    const out = await collect(
      streamWithFallback(failing([]), () => ['offline ', 'answer'], {
        onFallback: (e) => errors.push(e),
      }),
    );
    expect(out).toEqual(['offline ', 'answer']);
    expect(errors).toHaveLength(1);
  });

  it('rethrows a failure after the first piece instead of mixing two answers', async () => {
    await expect(collect(streamWithFallback(failing(['partial']), () => ['x']))).rejects.toThrow(
      'provider down',
    );
  });

  it('does not fall back after an abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      collect(streamWithFallback(failing([]), () => ['x'], { signal: controller.signal })),
    ).rejects.toThrow();
  });
});

describe('streamWithFallback mid-stream', () => {
  it('falls back after a separator when asked to, and says the primary had started', async () => {
    const seen: boolean[] = [];
    const out = await collect(
      streamWithFallback(failing(['partial']), () => ['offline'], {
        midStream: true,
        onFallback: (_e, { started }) => seen.push(started),
      }),
    );
    expect(out).toEqual(['partial', '\n\n', 'offline']);
    expect(seen).toEqual([true]);
  });

  it('still rethrows mid-stream after the caller aborted', async () => {
    const controller = new AbortController();
    async function* abortedMidway(): AsyncGenerator<string> {
      yield 'partial';
      controller.abort();
      throw new Error('aborted');
    }
    await expect(
      collect(
        streamWithFallback(abortedMidway(), () => ['x'], {
          midStream: true,
          signal: controller.signal,
        }),
      ),
    ).rejects.toThrow('aborted');
  });
});
