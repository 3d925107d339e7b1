import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** The published schemas vendored in ./schemas (see its README for sources and versions). */
const require = createRequire(import.meta.url);
const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), 'schemas');
export const KUBERNETES_SCHEMA_VERSION = 'v1.33.0-local-strict';

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** Ajv's errors as short lines: where, and what is wrong. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/** The Compose Specification's schema (draft-07). Options as compose-go: formats are not checked. */
export function composeValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  // The schema names its meta-schema by the https address, which Ajv knows by the http one.
  const draft07 = readJson(require.resolve('ajv/dist/refs/json-schema-draft-07.json'));
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(readJson(join(SCHEMAS, 'compose-spec.json')));
}

/**
 * Validators for Kubernetes objects by apiVersion and kind, against the strict schemas (an unknown
 * or misspelt field is an error). The OpenAPI formats are checked: an int32 out of range fails.
 */
export class KubernetesValidator {
  readonly #ajv: Ajv2020;
  readonly #byKind = new Map<string, ValidateFunction>();
  readonly #dir = join(SCHEMAS, 'kubernetes', KUBERNETES_SCHEMA_VERSION);

  constructor() {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    const int = (bits: number) => ({
      type: 'number' as const,
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1),
    });
    this.#ajv.addFormat('int32', int(32));
    this.#ajv.addFormat('int64', int(64));
    this.#ajv.addFormat('double', { type: 'number', validate: () => true });
    this.#ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
    this.#ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    this.#ajv.addSchema(readJson(join(this.#dir, '_definitions.json')));
  }

  /** The schema file for an object: `deployment-apps-v1.json`, `service-v1.json`, … */
  static schemaFile(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const groupPart = group ? `-${group.split('.')[0]}` : '';
    return `${kind.toLowerCase()}${groupPart}-${version}.json`;
  }

  /** Errors of one object (empty when valid); a kind without a vendored schema is an error. */
  validate(manifest: Record<string, unknown>): string[] {
    const { apiVersion, kind } = manifest;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string')
      return ['/ apiVersion and kind must be strings'];
    const file = KubernetesValidator.schemaFile(apiVersion, kind);
    let validate = this.#byKind.get(file);
    if (!validate) {
      const path = join(this.#dir, file);
      if (!existsSync(path))
        return [`/ no vendored schema ${file} for ${apiVersion} ${kind} (see schemas/README.md)`];
      validate = this.#ajv.compile(readJson(path));
      this.#byKind.set(file, validate);
    }
    return validate(manifest) ? [] : describeErrors(validate.errors);
  }
}
