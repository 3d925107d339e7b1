/** `scheme://host[:port]` in canonical form (lower case, default port dropped), or null. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface OriginPolicy {
  /**
   * Whether a request may use the widget API. `origin` is the request's Origin header; `own` is
   * the server's own origin as the request reached it. No Origin means not a cross-site browser
   * request (browsers send Origin on every cross-origin fetch), so it is allowed.
   */
  allows(origin: string | undefined, own?: string): boolean;
  /** The configured origins, canonical. */
  readonly allowed: readonly string[];
}

/**
 * The origins allowed to embed the widget: the configured list plus the server's own (from
 * PUBLIC_URL and from the request itself, so the demo page always works).
 * @throws Error naming an entry that is not an http(s) origin (config validation catches it first).
 */
export function createOriginPolicy(allowed: readonly string[], publicUrl?: string): OriginPolicy {
  const list = [...allowed, ...(publicUrl ? [publicUrl] : [])].map((entry) => {
    const origin = normalizeOrigin(entry);
    if (!origin) throw new Error(`"${entry}" is not an http(s) origin`);
    return origin;
  });
  const set = new Set(list);
  return {
    allowed: [...set],
    allows(origin, own) {
      if (origin === undefined) return true;
      const normalized = normalizeOrigin(origin);
      if (!normalized) return false;
      return set.has(normalized) || (own !== undefined && normalizeOrigin(own) === normalized);
    },
  };
}
