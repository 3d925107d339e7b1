import { SwitchboardError } from '@switchboard/core';
import type { FieldName } from './document-fields.ts';
import { QUERY_STOPWORDS } from './query-stopwords.ts';

/** BM25F parameters of one field. */
export interface FieldOptions {
  /** How much one occurrence in this field counts relative to one in the body. */
  weight: number;
  /** Length normalisation in [0, 1]: 0 ignores the field's length, 1 divides by it fully. */
  b: number;
}

/**
 * Options of the lexical engine. The defaults were tuned on the E-Manual S10 questions (see
 * packages/knowledge/src/lexical/README.md for which ones and how).
 */
export interface LexicalIndexOptions {
  /**
   * Term-frequency saturation shared by all fields (BM25F applies it after the fields' weighted
   * frequencies are summed).
   * @defaultValue 1.2
   */
  k1?: number;
  /**
   * Per-field weight and length normalisation. `heading` is the chunk's own section title,
   * `context` its ancestor titles (document title and parent sections), `body` its text.
   * @defaultValue heading {weight: 3, b: 0.5}, context {weight: 1, b: 0.5}, body {weight: 1, b: 0.75}
   */
  fields?: Partial<Record<FieldName, Partial<FieldOptions>>>;
  /**
   * Weight of the bonus for adjacent query terms that are also adjacent in the chunk (a bigram is
   * scored like one more BM25F term, times this weight). 0 disables it.
   * @defaultValue 0.5
   */
  bigramWeight?: number;
  /**
   * Bonus for chunks whose own heading is largely made of query words ("Email" for "how do I open
   * email"): `headingMatchWeight · Σ idf(matched heading terms) · matched / heading terms`.
   * BM25F saturates a heading match like any other occurrence, so without it a page named after
   * the topic ranks level with pages that merely mention the topic often. 0 disables it.
   * @defaultValue 0.25
   */
  headingMatchWeight?: number;
  /**
   * How much a chunk whose body has no prose (only a list of titles, like a container page that
   * lists its children) is demoted: its score is multiplied by `1 - containerPenalty *
   * (1 - proseShare)`. 0 disables the prior.
   * @defaultValue 0.3
   */
  containerPenalty?: number;
  /**
   * Words dropped from queries only ("how", "can", "want"...). Pass an empty set to keep all.
   * @defaultValue QUERY_STOPWORDS
   */
  queryStopwords?: ReadonlySet<string>;
  /**
   * Repair compounds against the index vocabulary: a query word unknown to the index is split
   * into two indexed words that occur adjacently ("wifi" → "wi fi"), and two adjacent query
   * words whose concatenation is indexed also match it ("wi fi" → "wifi").
   * @defaultValue true
   */
  compounds?: boolean;
  /**
   * Weight of a support synonym of a query word ("remove" for "delete", see
   * support-synonyms.ts) relative to the word itself; it covers the same query concept. 0
   * disables synonyms. Measured: 0.2–0.4 all raise MRR@10 on E-Manual S10 and doc2dial
   * (1.0 lowers E-Manual): a synonym is weaker evidence than the word the customer typed.
   * @defaultValue 0.3
   */
  synonymWeight?: number;
  /**
   * Distinct query terms considered; longer queries (pasted logs, long e-mails) are cut, which
   * also bounds query time.
   * @defaultValue 32
   */
  maxQueryTerms?: number;
}

export interface ResolvedLexicalOptions {
  readonly k1: number;
  readonly fields: Readonly<Record<FieldName, Readonly<FieldOptions>>>;
  readonly bigramWeight: number;
  readonly headingMatchWeight: number;
  readonly containerPenalty: number;
  readonly queryStopwords: ReadonlySet<string>;
  readonly compounds: boolean;
  readonly synonymWeight: number;
  readonly maxQueryTerms: number;
}

export const DEFAULT_LEXICAL_OPTIONS: ResolvedLexicalOptions = Object.freeze({
  k1: 1.2,
  fields: Object.freeze({
    heading: Object.freeze({ weight: 3, b: 0.5 }),
    context: Object.freeze({ weight: 1, b: 0.5 }),
    body: Object.freeze({ weight: 1, b: 0.75 }),
  }),
  bigramWeight: 0.5,
  headingMatchWeight: 0.25,
  containerPenalty: 0.3,
  queryStopwords: QUERY_STOPWORDS,
  compounds: true,
  synonymWeight: 0.3,
  maxQueryTerms: 32,
});

function check(ok: boolean, field: string, rule: string, value: unknown): void {
  if (!ok) {
    throw new SwitchboardError('CONFIG_INVALID', `Lexical index option ${field} ${rule}`, {
      details: { option: field, value },
    });
  }
}

function resolveField(name: FieldName, given: Partial<FieldOptions> | undefined): FieldOptions {
  const field = { ...DEFAULT_LEXICAL_OPTIONS.fields[name], ...given };
  check(
    Number.isFinite(field.weight) && field.weight >= 0,
    `fields.${name}.weight`,
    'must be ≥ 0',
    field.weight,
  );
  check(field.b >= 0 && field.b <= 1, `fields.${name}.b`, 'must be in [0, 1]', field.b);
  return Object.freeze(field);
}

/** Applies defaults and validates once; throws CONFIG_INVALID naming the bad option. */
export function resolveLexicalOptions(options: LexicalIndexOptions = {}): ResolvedLexicalOptions {
  const d = DEFAULT_LEXICAL_OPTIONS;
  const resolved: ResolvedLexicalOptions = {
    k1: options.k1 ?? d.k1,
    fields: Object.freeze({
      heading: resolveField('heading', options.fields?.heading),
      context: resolveField('context', options.fields?.context),
      body: resolveField('body', options.fields?.body),
    }),
    bigramWeight: options.bigramWeight ?? d.bigramWeight,
    headingMatchWeight: options.headingMatchWeight ?? d.headingMatchWeight,
    containerPenalty: options.containerPenalty ?? d.containerPenalty,
    queryStopwords: options.queryStopwords ?? d.queryStopwords,
    compounds: options.compounds ?? d.compounds,
    synonymWeight: options.synonymWeight ?? d.synonymWeight,
    maxQueryTerms: options.maxQueryTerms ?? d.maxQueryTerms,
  };
  check(Number.isFinite(resolved.k1) && resolved.k1 > 0, 'k1', 'must be > 0', resolved.k1);
  check(resolved.bigramWeight >= 0, 'bigramWeight', 'must be ≥ 0', resolved.bigramWeight);
  check(
    Number.isFinite(resolved.synonymWeight) && resolved.synonymWeight >= 0,
    'synonymWeight',
    'must be ≥ 0',
    resolved.synonymWeight,
  );
  check(
    resolved.headingMatchWeight >= 0,
    'headingMatchWeight',
    'must be ≥ 0',
    resolved.headingMatchWeight,
  );
  check(
    resolved.containerPenalty >= 0 && resolved.containerPenalty <= 1,
    'containerPenalty',
    'must be in [0, 1]',
    resolved.containerPenalty,
  );
  check(
    Number.isInteger(resolved.maxQueryTerms) &&
      resolved.maxQueryTerms >= 1 &&
      resolved.maxQueryTerms <= 32,
    'maxQueryTerms',
    'must be an integer in [1, 32]',
    resolved.maxQueryTerms,
  );
  const fields = resolved.fields;
  check(
    fields.heading.weight + fields.context.weight + fields.body.weight > 0,
    'fields',
    'need at least one positive weight',
    fields,
  );
  return Object.freeze(resolved);
}
