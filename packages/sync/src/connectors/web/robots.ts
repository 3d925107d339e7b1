/** One `Allow`/`Disallow` line of the group that applies to us. */
interface RobotsRule {
  allow: boolean;
  /** Pattern length, for longest-match precedence. */
  length: number;
  regex: RegExp;
}

/** The rules of robots.txt that apply to one user agent (RFC 9309). */
export interface RobotsPolicy {
  isAllowed(url: URL): boolean;
}

export const ALLOW_ALL: RobotsPolicy = { isAllowed: () => true };

/**
 * Parses robots.txt for `userAgent`: the groups naming our product token (the part before `/`,
 * case-insensitive) apply, else the `*` groups, else nothing is disallowed. Among matching rules
 * the longest pattern wins, and `Allow` wins a tie; `*` matches any run of characters and a
 * trailing `$` anchors the end.
 */
export function parseRobots(text: string, userAgent: string): RobotsPolicy {
  const token = (userAgent.split('/')[0] ?? userAgent).trim().toLowerCase();
  const ours: RobotsRule[] = [];
  const star: RobotsRule[] = [];
  let matchedOurs = false;
  let agents: string[] = [];
  let inRules = false; // a User-agent line after rules starts a new group
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      continue;
    }
    if (field !== 'allow' && field !== 'disallow') continue;
    inRules = true;
    if (!value) continue; // an empty Disallow allows everything: no rule to add
    const rule = toRule(field === 'allow', value);
    if (agents.includes(token)) {
      matchedOurs = true;
      ours.push(rule);
    }
    if (agents.includes('*')) star.push(rule);
  }
  // A group naming us with no rules still means "nothing disallowed for us".
  const namesUs = matchedOurs || groupNames(text).includes(token);
  const rules = namesUs ? ours : star;
  if (rules.length === 0) return ALLOW_ALL;
  return {
    isAllowed(url) {
      const path = `${url.pathname}${url.search}`;
      let best: RobotsRule | undefined;
      for (const rule of rules) {
        if (!rule.regex.test(path)) continue;
        if (
          !best ||
          rule.length > best.length ||
          (rule.length === best.length && rule.allow && !best.allow)
        )
          best = rule;
      }
      return best?.allow ?? true;
    },
  };
}

function toRule(allow: boolean, pattern: string): RobotsRule {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { allow, length: pattern.length, regex: new RegExp(`^${source}${anchored ? '$' : ''}`) };
}

function groupNames(text: string): string[] {
  return [...text.matchAll(/^\s*user-agent\s*:\s*([^#\s]+)/gim)].map((m) => m[1]!.toLowerCase());
}
