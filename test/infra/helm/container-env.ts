import type { RenderedManifest } from './render-chart.ts';

/** A container of a rendered pod template, as far as the tests read it. */
export interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }>;
  envFrom?: Array<{ secretRef?: { name: string } }>;
  [field: string]: unknown;
}

/** Secret name → key → value: the rendered Secrets' stringData plus any made outside the chart. */
export type SecretStore = Record<string, Record<string, string>>;

export function secretsOf(manifests: RenderedManifest[], outside: SecretStore = {}): SecretStore {
  const store: SecretStore = { ...outside };
  for (const { manifest } of manifests) {
    if (manifest.kind !== 'Secret') continue;
    const name = (manifest.metadata as { name: string }).name;
    store[name] = { ...(manifest.stringData as Record<string, string> | undefined) };
  }
  return store;
}

/**
 * The environment a container starts with, as the kubelet builds it: `envFrom` first, then `env`
 * in order, each value's `$(NAME)` replaced by a variable defined before it (`$$(` stays `$(`).
 */
export function containerEnv(
  container: Container,
  secrets: SecretStore,
  base: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = { ...base };
  const secret = (name: string): Record<string, string> => {
    const found = secrets[name];
    if (!found)
      throw new Error(`container ${container.name} reads Secret ${name}, which is not there`);
    return found;
  };
  for (const source of container.envFrom ?? [])
    if (source.secretRef) Object.assign(env, secret(source.secretRef.name));
  for (const entry of container.env ?? []) {
    if (entry.valueFrom?.secretKeyRef) {
      const { name, key, optional } = entry.valueFrom.secretKeyRef;
      const value = secret(name)[key];
      if (value === undefined && !optional)
        throw new Error(`container ${container.name}: Secret ${name} has no key ${key}`);
      if (value !== undefined) env[entry.name] = value;
    } else {
      env[entry.name] = (entry.value ?? '').replace(
        /\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
        (whole, ref?: string) =>
          ref === undefined ? '$(' : env[ref] !== undefined ? env[ref] : whole,
      );
    }
  }
  return env;
}
