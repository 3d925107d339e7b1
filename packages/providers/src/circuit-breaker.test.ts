import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitSnapshot, type CircuitState } from './circuit-breaker.ts';
import { circuitName, ProviderCircuits } from './circuits.ts';

function breakerWithClock(options: { failureThreshold?: number; windowMs?: number } = {}) {
  let now = 1_000_000;
  const changes: Array<{ snapshot: CircuitSnapshot; previous: CircuitState }> = [];
  const breaker = new CircuitBreaker({
    name: 'chat:openai@api.example',
    failureThreshold: options.failureThreshold ?? 3,
    windowMs: options.windowMs ?? 60_000,
    cooldownMs: 30_000,
    clock: () => now,
    onStateChange: (snapshot, previous) => changes.push({ snapshot, previous }),
  });
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

const fail = (b: CircuitBreaker) => b.tryAcquire()?.failure();
const succeed = (b: CircuitBreaker) => b.tryAcquire()?.success();

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and then skips calls', () => {
    const { breaker, changes } = breakerWithClock();
    fail(breaker);
    fail(breaker);
    expect(breaker.state).toBe('closed');
    fail(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(changes).toEqual([
      {
        previous: 'closed',
        snapshot: {
          name: 'chat:openai@api.example',
          state: 'open',
          failures: 3,
          openedAt: 1_000_000,
          retryAt: 1_030_000,
        },
      },
    ]);
  });

  it('a success in between resets the count', () => {
    const { breaker } = breakerWithClock();
    fail(breaker);
    fail(breaker);
    succeed(breaker);
    fail(breaker);
    fail(breaker);
    expect(breaker.state).toBe('closed');
  });

  it('forgets failures older than the window', () => {
    const { breaker, advance } = breakerWithClock({ windowMs: 10_000 });
    fail(breaker);
    fail(breaker);
    advance(10_001);
    fail(breaker);
    expect(breaker.snapshot().failures).toBe(1);
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through after the cool-down; its success closes the circuit', () => {
    const { breaker, changes, advance } = breakerWithClock({ failureThreshold: 1 });
    fail(breaker);
    advance(29_999);
    expect(breaker.tryAcquire()).toBeUndefined();
    advance(1);
    expect(breaker.state).toBe('half-open');
    const probe = breaker.tryAcquire();
    expect(probe).toBeDefined();
    expect(breaker.tryAcquire()).toBeUndefined();
    probe?.success();
    expect(breaker.state).toBe('closed');
    expect(changes.map((c) => c.snapshot.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens the circuit for another cool-down', () => {
    const { breaker, advance } = breakerWithClock({ failureThreshold: 1 });
    fail(breaker);
    advance(30_000);
    fail(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().retryAt).toBe(1_060_000);
  });

  it('a cancelled probe frees the slot without deciding anything', () => {
    const { breaker, advance } = breakerWithClock({ failureThreshold: 1 });
    fail(breaker);
    advance(30_000);
    breaker.tryAcquire()?.cancel();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBeDefined();
  });

  it('counts each permit once', () => {
    const { breaker } = breakerWithClock({ failureThreshold: 2 });
    const permit = breaker.tryAcquire();
    permit?.failure();
    permit?.failure();
    expect(breaker.state).toBe('closed');
  });
});

describe('ProviderCircuits', () => {
  it('shares one breaker per endpoint and lists their states', () => {
    const circuits = new ProviderCircuits({ failureThreshold: 1 });
    const a = circuits.for(
      circuitName('chat', { provider: 'ollama', baseUrl: 'http://gpu:11434' }),
    );
    expect(circuits.for('chat:ollama@gpu:11434')).toBe(a);
    a.tryAcquire()?.failure();
    circuits.for(circuitName('embeddings', { provider: 'openai' }));
    expect(circuits.snapshots().map((s) => [s.name, s.state])).toEqual([
      ['chat:ollama@gpu:11434', 'open'],
      ['embeddings:openai@default', 'closed'],
    ]);
  });

  it('never puts credentials from a base URL into a circuit name', () => {
    expect(
      circuitName('chat', {
        provider: 'openai-compatible',
        baseUrl: 'http://u:hunter2@vllm:8000/v1',
      }),
    ).toBe('chat:openai-compatible@vllm:8000');
  });
});
