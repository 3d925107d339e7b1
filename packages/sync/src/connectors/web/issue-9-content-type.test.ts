import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../../../../test/support/http-server.ts';
import { PROPERTY_NAMES } from '../../../../../test/support/property-names.ts';
import { WebConnector } from './web-connector.ts';

// Issue 9: the page's Content-Type was looked up in a plain object, so a server answering
// `Content-Type: constructor` (or `toString`, `__proto__`…) passed as a page type and gave the
// document a function as its format. Property names are now unknown types like any other.
describe('issue 9: web pages with property-named content types', () => {
  it('refuses every property-named Content-Type as unsupported_type', async () => {
    await using server = await startLocalServer((req, res) => {
      const type = decodeURIComponent(req.path.slice(1));
      if (type === 'robots.txt') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no robots');
        return;
      }
      res.writeHead(200, { 'content-type': type });
      res.end('Some page text about constructor.');
    });
    const web = new WebConnector({ startUrls: [`${server.url}/`], source: 'site' });
    const typable = PROPERTY_NAMES.filter((name) => /^[A-Za-z_.]+$/.test(name));
    expect(typable).toContain('constructor');
    for (const name of typable) {
      const ref = { id: `${server.url}/${encodeURIComponent(name)}`, fingerprint: '' };
      await expect(web.fetch(ref)).rejects.toMatchObject({
        kind: 'permanent',
        reason: 'unsupported_type',
      });
    }
    // A real page type still works.
    const page = await web.fetch({
      id: `${server.url}/${encodeURIComponent('text/plain')}`,
      fingerprint: '',
    });
    expect(page).toMatchObject({ status: 'fetched', document: { format: 'text' } });
  });
});
