import { SwitchboardError } from '@switchboard/core';
import { z } from 'zod';
import type { Connector } from './connector.ts';
import { DirectoryConnector } from './connectors/directory/directory-connector.ts';
import { JsonlConnector } from './connectors/jsonl/jsonl-connector.ts';
import { WebConnector } from './connectors/web/web-connector.ts';

const name = z.string().trim().min(1, 'must not be empty');
const positiveInt = z.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const directorySpec = z.strictObject({
  name,
  kind: z.literal('directory'),
  root: z.string().min(1, 'must not be empty'),
  include: z.array(z.string().min(1)).min(1).optional(),
  maxBytes: positiveInt.optional(),
});

const jsonlSpec = z.strictObject({
  name,
  kind: z.literal('jsonl'),
  path: z.string().min(1, 'must not be empty'),
});

const webSpec = z
  .strictObject({
    name,
    kind: z.literal('web'),
    sitemapUrl: httpUrl.optional(),
    startUrls: z.array(httpUrl).min(1).optional(),
    maxDepth: z.number().int().nonnegative().optional(),
    maxPages: positiveInt.optional(),
    maxBytes: positiveInt.optional(),
    timeoutMs: positiveInt.optional(),
    userAgent: z.string().min(1).optional(),
  })
  .refine((spec) => spec.sitemapUrl !== undefined || spec.startUrls !== undefined, {
    message: 'a web source needs sitemapUrl or startUrls',
    path: ['sitemapUrl'],
  });

/** One configured source, as it appears in config (validated by `parseSourceSpec`). */
export const sourceSpecSchema = z.discriminatedUnion('kind', [directorySpec, jsonlSpec, webSpec]);

export type SourceSpec = z.infer<typeof sourceSpecSchema>;

/** What a connector needs beyond its config: injected clients. */
export interface ConnectorDependencies {
  /** HTTP client for web sources. @defaultValue global `fetch` */
  fetch?: typeof fetch;
}

/** Validates a source spec; a bad one is a `BAD_REQUEST` naming the field and the fix. */
export function parseSourceSpec(input: unknown): SourceSpec {
  const result = sourceSpecSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'kind';
  const label =
    typeof input === 'object' && input !== null && 'name' in input ? ` "${input.name}"` : '';
  throw new SwitchboardError('BAD_REQUEST', `Source${label}: ${field} ${issue?.message ?? ''}`, {
    cause: result.error,
    details: { field, issues: result.error.issues.map((i) => i.message) },
  });
}

/** Builds the connector a spec describes; the spec's `name` becomes each document's `source`. */
export function createConnector(input: unknown, deps: ConnectorDependencies = {}): Connector {
  const spec = parseSourceSpec(input);
  switch (spec.kind) {
    case 'directory': {
      const { name: source, kind: _kind, ...options } = spec;
      return new DirectoryConnector({ ...options, source });
    }
    case 'jsonl':
      return new JsonlConnector({ path: spec.path, source: spec.name });
    case 'web': {
      const { name: source, kind: _kind, ...options } = spec;
      return new WebConnector({ ...options, source, ...(deps.fetch && { fetch: deps.fetch }) });
    }
  }
}
