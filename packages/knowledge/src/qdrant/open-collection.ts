import type { QdrantClient } from '@qdrant/js-client-rest';
import { SwitchboardError } from '@switchboard/core';
import { ensureAlias } from './aliases.ts';
import { createChunkCollection, denseDimensionOf } from './collection-schema.ts';

/** Refuses a dense dimension that is not a positive integer, before any request is sent. */
export function checkDenseDimension(denseDimension: number | undefined): void {
  if (denseDimension === undefined) return;
  if (!Number.isInteger(denseDimension) || denseDimension <= 0) {
    throw new SwitchboardError('CONFIG_INVALID', 'Qdrant denseDimension must be an integer > 0', {
      details: { denseDimension },
    });
  }
}

/**
 * Makes `alias` usable (creating `<alias>_v1` and the alias on first use) and returns the dense
 * size the live collection stores. A configured dimension that differs from the stored one means
 * the index was built with another embedder (or none): that needs a rebuild, not a silent mix.
 */
export async function openAliasedCollection(options: {
  client: QdrantClient;
  alias: string;
  denseDimension: number | undefined;
}): Promise<{ denseDimension: number | undefined }> {
  const { client, alias, denseDimension } = options;
  const live = await ensureAlias({
    client,
    alias,
    create: (name) => createChunkCollection({ client, collection: name, denseDimension }),
  });
  const stored = await denseDimensionOf({ client, collection: live });
  if (denseDimension !== undefined && stored !== denseDimension) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Qdrant collection "${alias}" stores ${stored ?? 'no'} dense dimensions but the embedder produces ${denseDimension}; rebuild the index`,
      { details: { collection: alias, expected: denseDimension, stored } },
    );
  }
  return { denseDimension: stored };
}
