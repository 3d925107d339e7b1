import { describe, expect, it } from 'vitest';
import { parseRobots } from './robots.ts';

const at = (path: string) => new URL(path, 'https://example.test');

describe('parseRobots', () => {
  it('uses the group naming our token, else *', () => {
    const text = [
      'User-agent: *',
      'Disallow: /',
      '',
      'User-agent: OtherBot',
      'User-agent: switchboardbot # us',
      'Disallow: /private',
    ].join('\n');
    const ours = parseRobots(text, 'SwitchboardBot/0.1');
    expect(ours.isAllowed(at('/docs'))).toBe(true);
    expect(ours.isAllowed(at('/private/x'))).toBe(false);
    const other = parseRobots(text, 'Stranger/1.0');
    expect(other.isAllowed(at('/docs'))).toBe(false);
  });

  it('lets the longest match win, Allow on ties, with * and $ wildcards', () => {
    const text = [
      'User-agent: *',
      'Disallow: /docs/',
      'Allow: /docs/public/',
      'Disallow: /*.pdf$',
      'Disallow: /tmp',
      'Allow: /tmp',
    ].join('\n');
    const policy = parseRobots(text, 'SwitchboardBot/0.1');
    expect(policy.isAllowed(at('/docs/secret'))).toBe(false);
    expect(policy.isAllowed(at('/docs/public/a'))).toBe(true);
    expect(policy.isAllowed(at('/files/a.pdf'))).toBe(false);
    expect(policy.isAllowed(at('/files/a.pdf?x=1'))).toBe(true);
    expect(policy.isAllowed(at('/tmp/x'))).toBe(true);
  });

  it('allows everything for an empty Disallow or no applicable group', () => {
    expect(parseRobots('User-agent: *\nDisallow:', 'Bot').isAllowed(at('/a'))).toBe(true);
    expect(parseRobots('User-agent: Other\nDisallow: /', 'Bot').isAllowed(at('/a'))).toBe(true);
  });
});
