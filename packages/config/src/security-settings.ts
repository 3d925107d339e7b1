import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** An API key as the server keeps it: its name and the SHA-256 of its secret, never the secret. */
export interface ApiKeyHash {
  name: string;
  /** Hex SHA-256 of the secret the caller presents as `Authorization: Bearer <secret>`. */
  sha256: string;
}

/** What Fastify's `trustProxy` gets: off, or the addresses (IPs, CIDRs) of trusted proxies. */
export type TrustProxy = false | string[];

const KEY_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SECRET = /^[A-Za-z0-9_.~+/=-]{32,256}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
/** The name the loopback-only development caller uses; no configured key may take it. */
export const LOOPBACK_CALLER = 'local';

/**
 * `SWITCHBOARD_API_KEYS` → named hashes, or a message saying what is wrong (never the secret).
 * Entries are `name:secret` or `name:sha256:<hex>`, comma-separated.
 */
export function parseApiKeys(value: string): ApiKeyHash[] | string {
  const keys: ApiKeyHash[] = [];
  const names = new Set<string>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'lists no key (expected name:secret, comma-separated)';
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : '';
    const rest = colon > 0 ? entry.slice(colon + 1) : '';
    const where = `entry ${i + 1}${KEY_NAME.test(name) ? ` ("${name}")` : ''}`;
    if (!KEY_NAME.test(name))
      return `${where}: expected name:secret with a name of letters, digits, _ and - (at most 64)`;
    if (name === LOOPBACK_CALLER) return `${where}: the name "${LOOPBACK_CALLER}" is reserved`;
    if (names.has(name)) return `${where}: the name is used twice`;
    names.add(name);
    if (rest.startsWith('sha256:')) {
      const hex = rest.slice('sha256:'.length);
      if (!HEX_DIGEST.test(hex)) return `${where}: sha256: must be followed by 64 hex digits`;
      keys.push({ name, sha256: hex.toLowerCase() });
    } else if (SECRET.test(rest)) {
      keys.push({ name, sha256: createHash('sha256').update(rest).digest('hex') });
    } else {
      return `${where}: the secret must be 32 to 256 characters of A-Z a-z 0-9 _ . ~ + / = - (e.g. openssl rand -hex 32)`;
    }
  }
  return keys;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_NAMES.has(entry) || isIP(entry) !== 0) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits))
    return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * `TRUST_PROXY` → Fastify's `trustProxy`, or a message saying what is wrong. `true` is refused:
 * trusting every hop lets any client choose the address its rate limit counts against. So is a
 * hop count: it cannot tell the proxy from a client that connects directly (Fastify 5 ignores
 * hop counts for that reason), so proxies are named by address.
 */
export function parseTrustProxy(value: string): TrustProxy | string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true')
    return 'true would trust any client’s X-Forwarded-For; list the proxies’ IPs or CIDRs (e.g. 10.0.0.0/8)';
  if (/^\d+$/.test(trimmed))
    return 'a hop count cannot tell a proxy from a client that connects directly; list the proxies’ IPs or CIDRs (e.g. 10.0.0.0/8)';
  const entries = trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined || entries.length === 0)
    return `"${bad ?? value}" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal`;
  return entries;
}
