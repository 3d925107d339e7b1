import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.ts';

describe('markdownToMrkdwn', () => {
  it('turns bold, italics, strike-through and headings into mrkdwn', () => {
    expect(markdownToMrkdwn('## Pairing\nPress **Pair** then *wait* ~~now~~.')).toBe(
      '*Pairing*\nPress *Pair* then _wait_ ~now~.',
    );
  });

  it('turns links into <url|label> and bullets into •', () => {
    expect(markdownToMrkdwn('- see [the guide](https://example.com/a_b)\n* and more')).toBe(
      '• see <https://example.com/a_b|the guide>\n• and more',
    );
  });

  it('escapes &, < and > outside code so text cannot form a mention', () => {
    expect(markdownToMrkdwn('a <@U123> & b')).toBe('a &lt;@U123&gt; &amp; b');
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('leaves code alone', () => {
    expect(markdownToMrkdwn('run `a **b** <c>` and\n```ts\nconst x = **1**;\n```')).toBe(
      'run `a **b** <c>` and\n```const x = **1**;\n```',
    );
  });

  it('keeps citation markers', () => {
    expect(markdownToMrkdwn('Hold the button for 5 seconds [1][2].')).toBe(
      'Hold the button for 5 seconds [1][2].',
    );
  });
});
