import { sha256 } from '@switchboard/text';
import type { FetchValidators } from '../../connector.ts';

/**
 * What identifies one version of a page: the ETag when the server sends one, else
 * Last-Modified, else a hash of the body. The same function serves crawl listing and fetch so
 * both agree on an unchanged page.
 */
export function pageFingerprint(validators: FetchValidators, body: string): string {
  if (validators.etag) return `etag:${validators.etag}`;
  if (validators.lastModified) return `last-modified:${validators.lastModified}`;
  return `sha256:${sha256(body)}`;
}
