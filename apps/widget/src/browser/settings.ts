/**
 * What the host page sets on `<switchboard-chat>` and what the widget keeps in the browser
 * between pages, read defensively: a malformed attribute or refused storage never breaks it.
 */

/** Attributes the host page may set; every one is optional. */
export const ATTRIBUTES = [
  'title',
  'greeting',
  'avatar',
  'position',
  'mode',
  'accent-color',
  'accent-text-color',
  'server',
  'strings',
  'identity-token',
  'max-message-chars',
  'lang',
  'disclosure',
  'suggestions',
  'closing-delay',
] as const;

/** Where this script was loaded from: the default server (captured while the script runs). */
export const scriptOrigin = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  return src ? new URL(src, location.href).origin : location.origin;
})();

/** Whether the panel was open on the previous page (sessionStorage: per tab, cleared on close). */
export function wasOpen(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === '1';
  } catch {
    return false; // Storage refused (sandboxed frame, some privacy modes).
  }
}

export function rememberOpen(key: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // See wasOpen.
  }
}

function parseJson(json: string | null): unknown {
  try {
    return json ? JSON.parse(json) : undefined;
  } catch {
    return undefined;
  }
}

export function parseStrings(json: string | null): Record<string, unknown> | undefined {
  const value = parseJson(json);
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * The `suggestions` attribute (a JSON array of questions; `[]` or `off` shows none): its first
 * four non-empty strings. Without the attribute, those of `fallback` (the server's list).
 */
export function parseSuggestions(json: string | null, fallback?: unknown): string[] {
  const value = json === null ? fallback : parseJson(json);
  return Array.isArray(value)
    ? value.filter((q): q is string => typeof q === 'string' && q.trim() !== '').slice(0, 4)
    : [];
}

/**
 * The user id inside an identity token (its payload is readable, only the signature is secret):
 * `sub` of a JWT (header.payload.signature), `userId` of the legacy `<payload>.<hmac>` format.
 * It keys the stored conversation, so two people signing in on one browser never share one.
 */
export function identityUser(token: string | undefined): string {
  try {
    const parts = token?.split('.') ?? [];
    const payload = parts[parts.length === 3 ? 1 : 0];
    if (!payload) return 'anonymous';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; userId?: unknown };
    return String(claims.sub ?? claims.userId ?? 'anonymous');
  } catch {
    return 'anonymous';
  }
}
