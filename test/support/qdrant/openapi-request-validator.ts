import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** Where the Qdrant 1.19 OpenAPI spec lives: `../shared/qdrant/openapi.json` from the repo root. */
export const QDRANT_OPENAPI_PATH = new URL(
  '../../../../shared/qdrant/openapi.json',
  import.meta.url,
);

const SPEC_ID = 'qdrant-openapi.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Formats the spec uses. Point ids are checked as UUIDs (a wrong id format is a real bug);
 * numeric widths are left to `minimum`/`type`, the others do not occur in our bodies.
 */
function formatsOf(spec: unknown): Record<string, RegExp | true> {
  const formats: Record<string, RegExp | true> = {};
  JSON.stringify(spec, (key, value: unknown) => {
    if (key === 'format' && typeof value === 'string') formats[value] = true;
    return value;
  });
  return { ...formats, uuid: UUID };
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  queryParams: Set<string>;
  bodySchema: unknown;
  bodyRequired: boolean;
}

export interface ValidationResult {
  operationId: string;
  errors: string[];
}

/**
 * Rewrites OpenAPI 3.0 schema dialect into JSON Schema that Ajv understands: `nullable: true`
 * becomes an explicit null alternative (a bare `{nullable: true}` means "null only", as used in
 * Qdrant's `anyOf: [{$ref}, {nullable: true}]`), and local `$ref`s point into the registered spec.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out[key] = `${SPEC_ID}${value}`;
    } else if (key !== 'nullable' && key !== 'example') {
      out[key] = toJsonSchema(value);
    }
  }
  if ((node as { nullable?: unknown }).nullable !== true) return out;
  const { description: _description, ...rest } = out;
  if (Object.keys(rest).length === 0) return { type: 'null' };
  return { anyOf: [{ type: 'null' }, out] };
}

/** Validates recorded requests against the operations and request-body schemas of the spec. */
export class OpenApiRequestValidator {
  readonly #ajv: Ajv;
  readonly #operations: Operation[] = [];
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(spec: {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  }) {
    this.#ajv = new Ajv({ strict: false, allErrors: true, formats: formatsOf(spec) });
    this.#ajv.addSchema({ $id: SPEC_ID, components: toJsonSchema(spec.components) });
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const method of METHODS) {
        const op = item[method] as
          | {
              operationId: string;
              parameters?: Array<{ name: string; in: string }>;
              requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
            }
          | undefined;
        if (!op) continue;
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        this.#operations.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          params: (template.match(/\{/g) ?? []).length,
          queryParams: new Set(
            (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          ),
          bodySchema: op.requestBody?.content?.['application/json']?.schema,
          bodyRequired: op.requestBody?.required ?? false,
        });
      }
    }
    // Literal segments win over templates (`/collections/aliases` vs `/collections/{name}`).
    this.#operations.sort((a, b) => a.params - b.params);
  }

  /** Loads the spec file, failing with a clear message when it is missing. */
  static load(path: URL = QDRANT_OPENAPI_PATH): OpenApiRequestValidator {
    if (!existsSync(path)) {
      throw new Error(
        `Qdrant OpenAPI spec not found at ${path.pathname}: the request-validation test needs ../shared/qdrant/openapi.json next to the repository (CI provides it)`,
      );
    }
    return new OpenApiRequestValidator(JSON.parse(readFileSync(path, 'utf8')));
  }

  /** Validates one schema fragment, e.g. `CreateCollection`, against a value (for negative tests). */
  validateSchema(name: string, value: unknown): string[] {
    return this.#run(`${SPEC_ID}#/components/schemas/${name}`, value);
  }

  validate(request: { method: string; path: string; body: unknown }): ValidationResult {
    const url = new URL(request.path, 'http://qdrant.invalid');
    const path = decodeURIComponent(url.pathname);
    const op = this.#operations.find((o) => o.method === request.method && o.pattern.test(path));
    if (!op)
      return { operationId: '(unknown)', errors: [`no operation ${request.method} ${path}`] };
    const errors: string[] = [];
    for (const name of url.searchParams.keys()) {
      if (!op.queryParams.has(name)) errors.push(`query parameter "${name}" is not declared`);
    }
    if (request.body === undefined) {
      if (op.bodyRequired) errors.push('request body is required');
    } else if (op.bodySchema === undefined) {
      errors.push('operation takes no request body');
    } else {
      const ref = (op.bodySchema as { $ref?: string }).$ref;
      const key = ref === undefined ? `${op.operationId}#inline` : `${SPEC_ID}${ref}`;
      if (ref === undefined && !this.#compiled.has(key)) {
        this.#compiled.set(key, this.#ajv.compile(toJsonSchema(op.bodySchema) as object));
      }
      errors.push(...this.#run(key, request.body));
    }
    return { operationId: op.operationId, errors };
  }

  #run(key: string, value: unknown): string[] {
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: key });
      this.#compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }
}
