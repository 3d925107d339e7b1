// Compile once: the apps' TypeScript sources bundled into plain JavaScript under `dist/`, so a
// start loads a few files natively instead of every source file through tsx's loader (that was
// most of a warm start). The bins run the build when it is fresh, rebuild it when any input
// changed (a stat per input: a few milliseconds), and fall back to tsx when it cannot be built.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(root, 'dist');
const CURRENT = join(DIST, 'current.json');
const LOCK = join(DIST, 'build.lock');
/** A lock older than this was left by a process killed mid-build. */
const STALE_LOCK_MS = 120_000;
/** Builds other than the current one are removed once this old (no start still loads them). */
const OLD_BUILD_MS = 10 * 60_000;

/** Each bin's TypeScript entry, by the name of its output file. */
export const ENTRIES = Object.freeze({
  server: 'apps/server/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  switchboard: 'apps/cli/src/main.ts',
});

/**
 * Files besides the bundled sources whose change must rebuild: this builder, compiler settings,
 * the packages and the lockfile (an install can move a package into a workspace's node_modules).
 */
function settingsFiles() {
  const self = relative(root, fileURLToPath(import.meta.url));
  const files = [self, 'package.json', 'package-lock.json', 'tsconfig.json'];
  for (const top of ['packages', 'apps'])
    for (const name of readdirSync(join(root, top))) files.push(`${top}/${name}/package.json`);
  return files.filter((file) => statSync(join(root, file), { throwIfNoEntry: false }));
}

/**
 * Records `[mtimeMs, size]` of a file (a path under the repository) the first time it is seen:
 * taken before the file is read, so an edit made while the build runs makes the build stale.
 */
function stamper() {
  const stamps = new Map();
  return {
    stamp(file) {
      if (stamps.has(file)) return;
      const s = statSync(join(root, file));
      stamps.set(file, [s.mtimeMs, s.size]);
    },
    inputs: () => [...stamps].map(([file, [mtimeMs, size]]) => [file, mtimeMs, size]),
  };
}

/** The current build's manifest, or null when there is none (or it is unreadable). */
function currentBuild() {
  try {
    return JSON.parse(readFileSync(CURRENT, 'utf8'));
  } catch {
    return null;
  }
}

/** True when every input of `manifest` is still the file it was built from. */
function isFresh(manifest) {
  if (manifest?.version !== 1 || !Array.isArray(manifest.inputs)) return false;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const s = statSync(join(root, file), { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtimeMs || s.size !== size) return false;
  }
  return true;
}

/**
 * esbuild plugin: bundles the workspace's own sources, leaves every npm package external (Node
 * loads it as it always did). A package that resolves differently from `dist/` than from the
 * importing source (a version nested in a workspace's own node_modules) is imported by its
 * relative path instead. `import.meta.url` of a bundled source keeps pointing at that source,
 * so files read relative to it (sample data, page assets) are found as before.
 */
function sourcesPlugin(outdir, stamps) {
  const probe = Symbol('probe');
  return {
    name: 'switchboard-sources',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === probe || args.path.startsWith('@switchboard/')) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const options = { kind: args.kind, pluginData: probe };
        const here = await build.resolve(args.path, { ...options, resolveDir: args.resolveDir });
        const there = await build.resolve(args.path, { ...options, resolveDir: root });
        // Unresolvable (an optional package not installed): Node says so if it is ever loaded.
        if (here.errors.length || !here.path || here.path === there.path)
          return { path: args.path, external: true };
        stamps.stamp(relative(root, here.path));
        return { path: relative(outdir, here.path).split(sep).join('/'), external: true };
      });
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        stamps.stamp(relative(root, args.path));
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        // Every output file sits directly in `outdir`, so this path is right from any of them.
        const source = JSON.stringify(relative(outdir, args.path).split(sep).join('/'));
        const contents = text.replaceAll(
          'import.meta.url',
          `new URL(${source}, import.meta.url).href`,
        );
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** esbuild options of one build into `outdir` (also used to read the module graph in tests). */
export function buildOptions(outdir, stamps = stamper()) {
  return {
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    // Dynamic imports stay separate files, so what they load is loaded only when they run.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Resolve external packages the way Node does (only to compare where they resolve).
    conditions: [],
    mainFields: ['main'],
    // Bundling renames colliding names; keep `fn.name` and `class.name` what the sources say.
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [sourcesPlugin(outdir, stamps)],
  };
}

/** Takes the build lock, or answers false while another process holds a recent one. */
function takeLock() {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < STALE_LOCK_MS) return false;
      rmSync(LOCK, { force: true });
    }
  }
  return false;
}

/** Removes builds other than `keep` that no start can still be loading. */
function pruneBuilds(keep) {
  for (const name of readdirSync(DIST)) {
    if (name === keep || !/^b-/.test(name)) continue;
    const dir = join(DIST, name);
    const s = statSync(dir, { throwIfNoEntry: false });
    if (s?.isDirectory() && Date.now() - s.mtimeMs > OLD_BUILD_MS)
      rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Builds every app into a new `dist/b-…/` and makes it the current build. Answers its manifest,
 * or null when another process is building right now.
 */
export async function buildApps() {
  mkdirSync(DIST, { recursive: true });
  if (!takeLock()) return null;
  try {
    const { build } = await import('esbuild');
    const id = `b-${Date.now().toString(36)}-${process.pid}`;
    const stamps = stamper();
    for (const file of settingsFiles()) stamps.stamp(file);
    const result = await build(buildOptions(join(DIST, id), stamps));
    // Bundled files no plugin hook saw (none today) are stamped now.
    for (const file of Object.keys(result.metafile.inputs)) stamps.stamp(file);
    const manifest = { version: 1, id, inputs: stamps.inputs() };
    writeFileSync(`${CURRENT}.${process.pid}`, JSON.stringify(manifest));
    renameSync(`${CURRENT}.${process.pid}`, CURRENT);
    pruneBuilds(id);
    return manifest;
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** The file URL of app `name`'s compiled entry: the current build, rebuilt first when stale. */
async function compiledEntry(name) {
  const entry = (manifest) => join(DIST, manifest.id, `${name}.js`);
  let manifest = currentBuild();
  if (!isFresh(manifest) || !statSync(entry(manifest), { throwIfNoEntry: false }))
    manifest = await buildApps();
  return manifest ? pathToFileURL(entry(manifest)).href : null;
}

/**
 * Runs app `name` (a key of ENTRIES) from the compiled build; from its TypeScript sources
 * through tsx when there is no build to be had (another process is building it, or the
 * repository is read-only, as in an image built without `npm run build`).
 */
export async function runApp(name) {
  let entry = null;
  try {
    entry = await compiledEntry(name);
  } catch (error) {
    process.stderr.write(
      `[switchboard] running the TypeScript sources through tsx: could not build dist/ (${error.message})\n`,
    );
  }
  if (entry) {
    // Source maps stay off unless asked for (NODE_OPTIONS=--enable-source-maps): Node would read
    // the map of every npm package that ships one, a tenth of a second at each start.
    await import(entry);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, ENTRIES[name])).href);
}
