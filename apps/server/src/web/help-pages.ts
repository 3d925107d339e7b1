import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { setPageHeaders } from '../page-security.ts';
import { ARTICLE_PAGE_POLICY, renderArticlePage } from './article-page.ts';
import type { ArticleSource } from './articles.ts';

export interface HelpPagesOptions {
  articles: ArticleSource;
  /** The company name on the pages. @defaultValue 'Help centre' */
  siteName?: string | undefined;
}

const helpQuery = {
  type: 'object',
  properties: { doc: { type: 'string' } },
} as const;

/**
 * `/help/<docId>` (and `/help?doc=<docId>` for ids a path cannot carry): a page for any indexed
 * document. The id comes from the URL as is; it is only looked up, and unknown ids are a 404.
 */
export async function helpPages(app: FastifyInstance, options: HelpPagesOptions): Promise<void> {
  const page = async (docId: string | undefined, reply: FastifyReply) => {
    const article = docId === undefined ? undefined : await options.articles.get(docId);
    if (!article) throw new SwitchboardError('NOT_FOUND', 'No such help article.');
    return setPageHeaders(reply, ARTICLE_PAGE_POLICY)
      .type('text/html; charset=utf-8')
      .send(renderArticlePage(article, options.siteName ?? 'Help centre'));
  };
  app.get<{ Params: { '*': string } }>('/help/*', (request, reply) =>
    page(request.params['*'], reply),
  );
  app.get<{ Querystring: { doc?: string } }>(
    '/help',
    { schema: { querystring: helpQuery } },
    (request, reply) => page(request.query.doc, reply),
  );
}
