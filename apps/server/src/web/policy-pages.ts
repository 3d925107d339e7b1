import type { FastifyInstance } from 'fastify';
import { setPageHeaders } from '../page-security.ts';
import { ARTICLE_PAGE_POLICY, escapeHtml, renderPage } from './article-page.ts';
import type { FallbackContact } from './web-options.ts';

export interface PolicyPagesOptions {
  siteName: string;
  /** How long conversations are kept (SWITCHBOARD_RETENTION_DAYS). */
  retentionDays: number;
  contact?: FallbackContact | undefined;
}

/** Where to write about one's data: the support e-mail, else the website, else the chat itself. */
function contactLine(contact: FallbackContact | undefined): string {
  if (contact?.email)
    return `write to <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a>`;
  if (contact?.url)
    return `contact us through <a href="${escapeHtml(contact.url)}">${escapeHtml(contact.url)}</a>`;
  return 'ask for a person in the chat';
}

const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

/**
 * `/privacy` and `/terms`: plain statements of what the assistant keeps and what its answers are,
 * from the deployment's own settings, so the Teams app's required links (and the widget's) point
 * somewhere true. A company with its own pages sets TEAMS_PRIVACY_URL / TEAMS_TERMS_URL instead.
 */
export async function policyPages(
  app: FastifyInstance,
  options: PolicyPagesOptions,
): Promise<void> {
  const company = escapeHtml(options.siteName);
  const days = options.retentionDays;
  const contact = contactLine(options.contact);
  // The pages depend only on settings: rendered once, here, not per request.
  const send = (title: string, main: string) => {
    const html = renderPage({ title, siteName: options.siteName, trail: title, main });
    return (_request: unknown, reply: Parameters<typeof setPageHeaders>[0]) =>
      setPageHeaders(reply, ARTICLE_PAGE_POLICY)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(html);
  };

  app.get(
    '/privacy',
    send(
      'Privacy',
      `<p>This is how the ${company} support assistant (in the chat on our site, in Slack and in Microsoft Teams) handles what you tell it.</p>
<h2>What it keeps</h2>
${list([
  `Your messages and its answers, for ${days} days after the conversation's last message, so a conversation can continue and our team can improve the help centre. Then they are deleted.`,
  'The ratings you give answers, and questions our help centre could not answer, for the same period.',
  'If our site tells the assistant who you are, your customer id, name and e-mail, with the conversation.',
])}
<h2>Who sees it</h2>
${list([
  'When you ask for a person, or the assistant cannot help, the conversation is handed to our support team in our support tools.',
  'Nobody else: we do not sell it or use it for advertising.',
])}
<h2>Your data</h2>
<p>To get a copy of your conversations or have them deleted, ${contact}.</p>`,
    ),
  );
  app.get(
    '/terms',
    send(
      'Terms of use',
      `<p>The ${company} support assistant answers from our help centre and our support team's approved replies.</p>
${list([
  'Its answers are written automatically. They name their sources: check them before you act on an answer, and ask for a person when it matters.',
  'It cannot see or change your account. For anything about your own orders, payments or account, ask for a person.',
  `Use it for support with ${company} products and services. Do not send passwords or card numbers.`,
])}
<p>Questions about these terms: ${contact}.</p>`,
    ),
  );
}
