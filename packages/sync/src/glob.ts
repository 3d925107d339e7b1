/**
 * A matcher for POSIX relative paths with `**` (any number of directories), `*` (within one
 * path segment), `?` (one character) and `{a,b}` alternatives (may nest). Node 20 has no
 * `fs.glob`, and these four cover what source configs need.
 */
export function createGlobMatcher(patterns: readonly string[]): (path: string) => boolean {
  const regexes = patterns.map(globToRegExp);
  return (path) => regexes.some((re) => re.test(path));
}

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      const atSegmentStart = i === 0 || pattern[i - 1] === '/';
      if (atSegmentStart && pattern[i + 2] === '/') {
        out += '(?:[^/]*/)*'; // `**/`: zero or more whole directories
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      braceDepth++;
      out += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (char === ',' && braceDepth > 0) out += '|';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (braceDepth > 0) throw new Error(`Unclosed "{" in glob ${pattern}`);
  return new RegExp(`^${out}$`);
}
