import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { type Node, parseTemplate } from '../go-template/parse.ts';
import { TemplateRenderer } from '../go-template/render.ts';
import { isMap, type Value } from '../go-template/values.ts';

/**
 * `helm template` for this repository's chart, without the helm binary (not installable here):
 * the chart's values merged with the overrides, every file under templates/ rendered (files named
 * `_*` only define helpers; NOTES.txt is not a manifest), split into documents and parsed. Charts
 * listed as dependencies are not rendered: they are fetched at install (`helm dependency build`).
 */
export interface RenderedManifest {
  /** `templates/<file>` the document came from. */
  source: string;
  manifest: Record<string, Value>;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** Merged over values.yaml like `-f overrides.yaml` (maps merge, null removes a key). */
  values?: Record<string, Value>;
}

/** Helm reads YAML with go-yaml v2: YAML 1.1, so an unquoted `yes` is a boolean. */
const YAML_OPTIONS = { version: '1.1' as const };

export function renderChart(chartDir: string, options: RenderOptions = {}): RenderedManifest[] {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'), YAML_OPTIONS) as Record<
    string,
    Value
  >;
  const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'), YAML_OPTIONS);
  const values = mergeValues(defaults, options.values ?? {});
  const templatesDir = join(chartDir, 'templates');
  const files = readdirSync(templatesDir).filter((f) => /\.(ya?ml|tpl|txt)$/.test(f));
  const parsed = files.map((file) => ({
    file,
    template: parseTemplate(readFileSync(join(templatesDir, file), 'utf8'), `templates/${file}`),
  }));
  const defines = new Map<string, Node[]>();
  for (const { template } of parsed)
    for (const [name, body] of template.defines) defines.set(name, body);
  const renderer = new TemplateRenderer(defines);
  const chartName = String(chart.name);
  const top = {
    Values: values,
    Release: {
      Name: options.releaseName ?? 'switchboard',
      Namespace: options.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    // Helm capitalises Chart.yaml's fields: name → .Chart.Name, appVersion → .Chart.AppVersion.
    Chart: Object.fromEntries(
      Object.entries(chart).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]),
    ),
  };
  const manifests: RenderedManifest[] = [];
  for (const { file, template } of parsed) {
    if (file.startsWith('_')) continue;
    const data = {
      ...top,
      Template: { Name: `${chartName}/templates/${file}`, BasePath: `${chartName}/templates` },
    };
    const text = renderer.render(template.body, data);
    // Helm prints NOTES.txt after an install: rendered (so it must render), not a manifest.
    if (file === 'NOTES.txt') continue;
    for (const doc of parseAllDocuments(text, YAML_OPTIONS)) {
      if (doc.errors.length > 0)
        throw new Error(`templates/${file}: invalid YAML: ${doc.errors[0]!.message}\n${text}`);
      const manifest = doc.toJS() as Value;
      if (manifest === null || manifest === undefined) continue; // an empty document
      if (!isMap(manifest)) throw new Error(`templates/${file}: a document is not a mapping`);
      manifests.push({ source: `templates/${basename(file)}`, manifest });
    }
  }
  return manifests;
}

/** Helm's coalescing of user values over chart values. */
export function mergeValues(base: Value, override: Value): Value {
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out: Record<string, Value> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = mergeValues(out[key], value);
  }
  return out;
}
