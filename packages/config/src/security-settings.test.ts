import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.ts';
import { parseApiKeys, parseTrustProxy } from './security-settings.ts';

const SECRET = 'k'.repeat(40);
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('SWITCHBOARD_API_KEYS', () => {
  it('keeps names and SHA-256 digests only, never the secrets', () => {
    const digest = sha256('other-secret');
    const config = loadConfig({
      SWITCHBOARD_API_KEYS: `partner:${SECRET}, backend:sha256:${digest.toUpperCase()}`,
    });
    expect(config.api.keys).toEqual([
      { name: 'partner', sha256: sha256(SECRET) },
      { name: 'backend', sha256: digest },
    ]);
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(JSON.stringify(describeConfig(config))).not.toContain(sha256(SECRET));
    expect(describeConfig(config).apiKeys).toEqual(['partner', 'backend']);
    expect(loadConfig({}).api).toEqual({ keys: [], perKeyPerMinute: 60 });
  });

  it.each([
    ['no name', `:${SECRET}`, /entry 1: expected name:secret/],
    ['no secret', 'partner', /entry 1: expected name:secret/],
    ['a short secret', 'partner:short', /"partner".*32 to 256/],
    ['a name used twice', `a:${SECRET},a:${SECRET}`, /entry 2 \("a"\): the name is used twice/],
    ['the reserved name', `local:${SECRET}`, /reserved/],
    ['a bad digest', 'partner:sha256:abc', /64 hex digits/],
  ])('refuses %s, naming the entry but not the secret', (_name, value, message) => {
    const parsed = parseApiKeys(value);
    expect(parsed).toMatch(message);
    expect(parsed).not.toContain(SECRET);
    expect(() => loadConfig({ SWITCHBOARD_API_KEYS: value })).toThrow(/SWITCHBOARD_API_KEYS/);
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and takes IPs, CIDRs and named ranges', () => {
    expect(loadConfig({}).server.trustProxy).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy(' 10.0.0.0/8, 192.168.1.5 ,::1, fd00::/8, loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each([
    ['true', /would trust any client/],
    ['1', /hop count/],
    ['10.0.0.0/33', /"10.0.0.0\/33" is not/],
    ['proxy.example.com', /is not an IP address/],
    ['10.0.0.1/8/1', /is not an IP address/],
  ])('refuses %s with a reason', (value, message) => {
    expect(parseTrustProxy(value)).toMatch(message);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
