export type {
  Connector,
  DocumentRef,
  FetchOptions,
  FetchResult,
  FetchValidators,
  ListOptions,
} from './connector.ts';
export {
  DEFAULT_DIRECTORY_INCLUDE,
  DirectoryConnector,
  type DirectoryConnectorOptions,
} from './connectors/directory/directory-connector.ts';
export {
  JsonlConnector,
  type JsonlConnectorOptions,
} from './connectors/jsonl/jsonl-connector.ts';
export type { CorpusProblem } from './connectors/jsonl/parse-corpus.ts';
export { WebConnector, type WebConnectorOptions } from './connectors/web/web-connector.ts';
export {
  isPermanentSourceError,
  isTransientSourceError,
  PermanentSourceError,
  type PermanentSourceReason,
  parseRetryAfter,
  TransientSourceError,
} from './errors.ts';
export { createGlobMatcher } from './glob.ts';
export {
  type ConnectorDependencies,
  createConnector,
  parseSourceSpec,
  type SourceSpec,
  sourceSpecSchema,
} from './source-spec.ts';
