import { describe, expect, it } from 'vitest';
import { renderSectionMarkdown } from './article-markdown.ts';

describe('help-page Markdown (markdown-it, with the widget’s escaping guarantees)', () => {
  it('renders emphasis, numbered steps, tables and bare URLs', () => {
    const html = renderSectionMarkdown(
      '**Hold** the button.\n\n1. Unplug\n2. Wait\n\n| Code | Meaning |\n|---|---|\n| E1 | Water |\n\nSee https://example.com/help.',
      3,
    );
    expect(html).toContain('<strong>Hold</strong>');
    expect(html).not.toContain('**');
    expect(html).toMatch(/<ol>\s*<li>Unplug<\/li>\s*<li>Wait<\/li>\s*<\/ol>/);
    expect(html).toMatch(/<td>E1<\/td>\s*<td>Water<\/td>/);
    expect(html).toContain(
      '<a href="https://example.com/help" rel="noopener noreferrer nofollow">https://example.com/help</a>',
    );
  });

  it('never turns a document’s markup, scripts or images into markup', () => {
    const html = renderSectionMarkdown(
      '<script>alert(1)</script>\n\n[click](javascript:alert(1)) [data](data:text/html,x) ![pixel](https://tracker.example/p.gif) <img src=x onerror=alert(1)>',
      3,
    );
    expect(html).not.toMatch(/<script|<img|<a /);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('pixel');
  });

  it('puts the document’s own headings below the page’s', () => {
    expect(renderSectionMarkdown('# Overview\n\n## Details', 3)).toBe(
      '<h3>Overview</h3>\n<h4>Details</h4>\n',
    );
  });
});
