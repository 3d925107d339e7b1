import type { FastifyInstance } from 'fastify';

export interface AppRoute {
  path: string;
  methods: string[];
}

/**
 * Every route an app has, read back from Fastify's radix tree (`printRoutes()`): each line is a
 * path piece indented four columns per level, and a piece with `(METHODS)` ends a route.
 */
export function listRoutes(app: FastifyInstance): AppRoute[] {
  const routes: AppRoute[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    const start = line.search(/[^│├└─\s]/u);
    if (start < 0) continue;
    const depth = Math.round(start / 4);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(start));
    const piece = match?.[1] ?? '';
    const path = (prefixes[depth - 1] ?? '') + piece;
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    if (match?.[2])
      routes.push({ path, methods: match[2].split(', ').filter((m) => m !== 'HEAD') });
  }
  return routes;
}
