import { describe, expect, it } from 'vitest';
import { parseSitemap } from './sitemap.ts';

describe('parseSitemap', () => {
  it('reads url entries with entities, CDATA and namespace prefixes', () => {
    const xml = `<?xml version="1.0"?>
      <ns:urlset xmlns:ns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <ns:url><ns:loc>https://x.test/a?p=1&amp;q=2</ns:loc><ns:lastmod> 2026-02-03 </ns:lastmod></ns:url>
        <ns:url><ns:loc><![CDATA[https://x.test/b]]></ns:loc></ns:url>
        <ns:url><ns:lastmod>2026-01-01</ns:lastmod></ns:url>
      </ns:urlset>`;
    expect(parseSitemap(xml)).toEqual({
      kind: 'urlset',
      entries: [
        { loc: 'https://x.test/a?p=1&q=2', lastmod: '2026-02-03' },
        { loc: 'https://x.test/b' },
      ],
    });
  });

  it('recognises a sitemap index', () => {
    const xml =
      '<sitemapindex><sitemap><loc>https://x.test/1.xml</loc></sitemap><sitemap><loc>https://x.test/2.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemap(xml)).toEqual({
      kind: 'index',
      sitemaps: ['https://x.test/1.xml', 'https://x.test/2.xml'],
    });
  });
});
