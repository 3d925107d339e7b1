/**
 * Deletes what the Qdrant backend made for the public name `collection` on a live Qdrant: the
 * alias and every `<collection>_vN` behind it. Every request has a deadline; failures are ignored
 * (a test's clean-up never fails the test).
 */
export async function dropQdrantCollection(url: string, collection: string): Promise<void> {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
  await call('POST', '/collections/aliases', {
    actions: [{ delete_alias: { alias_name: collection } }],
  });
  const listed = (await (await call('GET', '/collections'))?.json().catch(() => undefined)) as
    | { result?: { collections?: Array<{ name: string }> } }
    | undefined;
  for (const { name } of listed?.result?.collections ?? [])
    if (name.startsWith(`${collection}_v`))
      await call('DELETE', `/collections/${encodeURIComponent(name)}`);
}
