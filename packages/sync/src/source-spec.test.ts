import { describe, expect, it } from 'vitest';
import { createConnector, parseSourceSpec } from './source-spec.ts';

describe('createConnector', () => {
  it('builds each kind of connector from a valid spec', () => {
    expect(createConnector({ name: 'docs', kind: 'directory', root: '/tmp/x' }).kind).toBe(
      'directory',
    );
    expect(createConnector({ name: 'kb', kind: 'jsonl', path: '/tmp/c.jsonl' }).kind).toBe('jsonl');
    expect(
      createConnector({ name: 'site', kind: 'web', startUrls: ['https://example.test/'] }).kind,
    ).toBe('web');
  });

  it('names the bad field in a BAD_REQUEST', () => {
    const attempt = (spec: unknown) => {
      try {
        parseSourceSpec(spec);
      } catch (err) {
        return err;
      }
      throw new Error('expected a rejection');
    };
    expect(attempt({ name: 'site', kind: 'web', startUrls: ['ftp://x'] })).toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'startUrls.0' },
    });
    expect(attempt({ name: 'site', kind: 'web' })).toMatchObject({
      details: { field: 'sitemapUrl' },
      message: expect.stringMatching(/needs sitemapUrl or startUrls/),
    });
    expect(attempt({ name: 'docs', kind: 'directory', root: '/x', maxBytes: -1 })).toMatchObject({
      details: { field: 'maxBytes' },
    });
    expect(attempt({ name: 'x', kind: 'ftp' })).toMatchObject({ details: { field: 'kind' } });
    expect(attempt({ name: 'kb', kind: 'jsonl', path: '/c', extra: 1 })).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
