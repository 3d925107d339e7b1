import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { bearerToken, checkMessage, isConversationId, widgetTranscript } from './messages.ts';
import { createOriginPolicy, normalizeOrigin } from './origin-policy.ts';
import { RedisRateLimiter } from './rate-limiter.ts';

describe('origin policy', () => {
  const policy = createOriginPolicy(
    ['https://Shop.Example.com', 'http://localhost:8080/'],
    'https://chat.example.com/',
  );

  it('normalises origins', () => {
    expect(normalizeOrigin('HTTPS://Shop.Example.com:443/path')).toBe('https://shop.example.com');
    expect(normalizeOrigin('javascript:alert(1)')).toBeNull();
    expect(normalizeOrigin('null')).toBeNull();
  });

  it('allows configured origins, the public URL and the request’s own origin', () => {
    expect(policy.allows('https://shop.example.com')).toBe(true);
    expect(policy.allows('http://localhost:8080')).toBe(true);
    expect(policy.allows('https://chat.example.com')).toBe(true);
    expect(policy.allows('http://127.0.0.1:3000', 'http://127.0.0.1:3000')).toBe(true);
  });

  it('refuses other origins, look-alikes and opaque origins', () => {
    expect(policy.allows('https://evil.example')).toBe(false);
    expect(policy.allows('https://shop.example.com.evil.example')).toBe(false);
    expect(policy.allows('http://shop.example.com')).toBe(false);
    expect(policy.allows('null')).toBe(false);
    expect(policy.allows('http://127.0.0.1:3001', 'http://127.0.0.1:3000')).toBe(false);
  });

  it('allows requests without an Origin (not a cross-site browser request)', () => {
    expect(policy.allows(undefined)).toBe(true);
  });

  it('refuses a configured entry that is not an origin', () => {
    expect(() => createOriginPolicy(['ftp://x'])).toThrow(/ftp:\/\/x/);
  });
});

describe('Redis rate limiter', () => {
  const test = useTestRedis();

  it('allows `limit` requests per window, then says how long to wait', async () => {
    let now = 120_000 + 15_000; // 15 s into a 60 s window
    const limiter = new RedisRateLimiter({
      redis: test.redis,
      prefix: test.prefix,
      clock: () => now,
    });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('ip:1', 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[2]?.remaining).toBe(0);
    expect(decisions[3]?.retryAfterSeconds).toBe(45);
    expect(await test.redis.pttl(`${test.prefix}ip:1:2`)).toBeGreaterThan(0);
    now += 45_000; // the next window
    expect((await limiter.hit('ip:1', 3)).allowed).toBe(true);
  });

  it('counts keys separately', async () => {
    const limiter = new RedisRateLimiter({ redis: test.redis, prefix: test.prefix });
    expect((await limiter.hit('session:a', 1)).allowed).toBe(true);
    expect((await limiter.hit('session:b', 1)).allowed).toBe(true);
    expect((await limiter.hit('session:a', 1)).allowed).toBe(false);
  });
});

describe('message helpers', () => {
  it('checks message length and emptiness with 413 / 400', () => {
    expect(checkMessage('  hi  ', 10)).toBe('hi');
    expect(() => checkMessage('   ', 10)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => checkMessage('x'.repeat(11), 10)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', status: 413 }),
    );
  });

  it('reads bearer tokens and conversation ids strictly', () => {
    expect(bearerToken('Bearer abc.DEF-_')).toBe('abc.DEF-_');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(isConversationId(crypto.randomUUID())).toBe(true);
    expect(isConversationId('short')).toBe(false);
    expect(isConversationId('../../etc/passwd')).toBe(false);
  });

  it('turns a transcript into widget turns with links and no internals', () => {
    const turns = widgetTranscript(
      [
        { role: 'user', text: 'How?', at: 1, resolvedQuery: 'how', route: 'knowledge' },
        {
          role: 'assistant',
          text: 'Like this [1][2].',
          at: 2,
          id: 'm1',
          citations: [
            { index: 1, chunkId: 'c', docId: 'a.md', title: 'A', sectionPath: [], snippet: 's' },
            {
              index: 2,
              chunkId: 'd',
              docId: 'b.md',
              title: 'B',
              sectionPath: [],
              url: 'https://b',
              snippet: 's',
            },
          ],
        },
      ],
      (c) => `https://help/${c.docId}`,
    );
    expect(turns).toEqual([
      { role: 'user', text: 'How?', at: 1 },
      {
        role: 'assistant',
        text: 'Like this [1][2].',
        at: 2,
        id: 'm1',
        citations: [
          { index: 1, title: 'A', url: 'https://help/a.md' },
          { index: 2, title: 'B', url: 'https://b' },
        ],
      },
    ]);
  });
});
