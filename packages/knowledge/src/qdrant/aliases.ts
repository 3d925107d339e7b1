import type { QdrantClient } from '@qdrant/js-client-rest';
import { SwitchboardError } from '@switchboard/core';

/** Physical collection behind `alias` at version `version` (`help_v3`). */
export function versionedName(alias: string, version: number): string {
  return `${alias}_v${version}`;
}

/** Version number of a physical collection named by `versionedName`, or undefined. */
export function versionOf(alias: string, collection: string): number | undefined {
  const prefix = `${alias}_v`;
  if (!collection.startsWith(prefix)) return undefined;
  const rest = collection.slice(prefix.length);
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
}

/** The collection the alias points at, or undefined when no such alias exists. */
export async function resolveAlias(options: {
  client: QdrantClient;
  alias: string;
}): Promise<string | undefined> {
  const { aliases } = await options.client.getAliases();
  return aliases.find((a) => a.alias_name === options.alias)?.collection_name;
}

/**
 * Makes sure `alias` points at a collection, creating `alias_v1` with `create` and the alias when
 * nothing exists yet. A plain collection that already owns the public name is refused: Qdrant
 * cannot give an alias the name of a collection, and rebuilds need the alias.
 */
export async function ensureAlias(options: {
  client: QdrantClient;
  alias: string;
  create: (collection: string) => Promise<void>;
}): Promise<string> {
  const { client, alias, create } = options;
  const existing = await resolveAlias({ client, alias });
  if (existing !== undefined) return existing;
  if ((await client.collectionExists(alias)).exists) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `Qdrant collection "${alias}" is a plain collection, not an alias; rename or delete it so Switchboard can manage "${alias}" as an alias of versioned collections`,
      { details: { collection: alias } },
    );
  }
  const first = versionedName(alias, 1);
  if (!(await client.collectionExists(first)).exists) await create(first);
  await client.updateCollectionAliases({
    actions: [{ create_alias: { collection_name: first, alias_name: alias } }],
  });
  return first;
}

/**
 * Points `alias` at `target` in ONE aliases request (delete + create are applied atomically by
 * Qdrant), so a query through the alias sees either the old or the new collection, never neither.
 */
export async function swapAlias(options: {
  client: QdrantClient;
  alias: string;
  target: string;
}): Promise<void> {
  const { client, alias, target } = options;
  await client.updateCollectionAliases({
    actions: [
      { delete_alias: { alias_name: alias } },
      { create_alias: { collection_name: target, alias_name: alias } },
    ],
  });
}
