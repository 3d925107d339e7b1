import type { Connector } from '../connector.ts';
import { type ConnectorDependencies, createConnector, parseSourceSpec } from '../source-spec.ts';

/** Where the sync worker finds the connector of a source, by its configured name. */
export interface SourceRegistry {
  /** `undefined` when no source has that name (the run then fails without retry). */
  get(source: string): Connector | undefined;
  /**
   * Reloads sources that live outside this process (e.g. added through the admin API); the
   * worker calls it when a source is unknown before giving up on the run.
   */
  refresh?(): Promise<void>;
}

/**
 * A registry over a fixed list of source specs (each validated by `parseSourceSpec`); a
 * connector is built once per source and reused by every run.
 */
export function createSourceRegistry(
  specs: unknown[],
  deps: ConnectorDependencies = {},
): SourceRegistry {
  const connectors = new Map<string, Connector>();
  for (const input of specs) {
    const spec = parseSourceSpec(input);
    connectors.set(spec.name, createConnector(spec, deps));
  }
  return { get: (source) => connectors.get(source) };
}
