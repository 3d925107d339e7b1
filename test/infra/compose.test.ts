import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolate } from './compose-interpolate.ts';
import {
  configVariableNames,
  imageEnvironment,
  NOT_CONFIG,
  parseEnvFile,
  ROOT,
} from './environment.ts';
import { composeValidator, describeErrors } from './schema-validators.ts';

// infra/docker-compose.yml against the Compose Specification's published schema, before and after
// interpolation, and what its containers get against Switchboard's own configuration.
type Service = Record<string, unknown> & {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
};
type ComposeFile = { services: Record<string, Service>; volumes: Record<string, unknown> };

const composeText = readFileSync(join(ROOT, 'infra/docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (`<<: *switchboard`) while reading the file.
const readCompose = (text: string) => parse(text, { merge: true }) as ComposeFile;
const exampleEnv = parseEnvFile(readFileSync(join(ROOT, 'infra/.env.example'), 'utf8'));
/** infra/.env as an operator fills it in. */
const filledEnv = {
  ...exampleEnv,
  WIDGET_SESSION_SECRET: 'w'.repeat(64),
  QDRANT_API_KEY: 'q'.repeat(64),
};
const validate = composeValidator();

function errorsOf(file: unknown): string[] {
  return validate(file) ? [] : describeErrors(validate.errors);
}

/** A service's container environment: the image's ENV, then env_file (infra/.env), then `environment`. */
function containerEnv(file: ComposeFile, name: string): Record<string, string> {
  return { ...imageEnvironment(), ...filledEnv, ...file.services[name]!.environment };
}

describe('infra/docker-compose.yml', () => {
  const raw = readCompose(composeText);
  const resolved = interpolate(raw, filledEnv) as ComposeFile;

  it('is valid against the Compose Specification schema, as written and interpolated', () => {
    expect(errorsOf(raw)).toEqual([]);
    expect(errorsOf(resolved)).toEqual([]);
  });

  it('rejects a broken file (the schema check can fail)', () => {
    const broken = structuredClone(resolved) as ComposeFile & Record<string, unknown>;
    // The schema takes strings almost everywhere (they may be interpolated); these it cannot take.
    broken.services.worker!.deploy = { replicas: [2] };
    broken.services.qdrant!.volumes = 'qdrant-storage:/qdrant/storage' as unknown as string[];
    broken.services.redis!.healthcheck = {
      tests: ['CMD', 'redis-cli', 'ping'],
    } as unknown as Service['healthcheck'];
    broken.servces = {};
    const errors = errorsOf(broken);
    expect(errors).toContainEqual(expect.stringMatching(/^\/services\/worker\/deploy\/replicas /));
    expect(errors).toContainEqual(
      expect.stringMatching(/^\/services\/qdrant\/volumes must be array/),
    );
    expect(errors).toContainEqual(expect.stringMatching(/^\/services\/redis\/healthcheck /));
    expect(errors).toContainEqual(expect.stringMatching(/additional properties/));
  });

  it('refuses to start without the required secrets', () => {
    expect(() => interpolate(raw, exampleEnv)).toThrow(/WIDGET_SESSION_SECRET|QDRANT_API_KEY/);
  });

  it('runs servers and workers from one image, servers with sync off and workers with the worker command', () => {
    const { switchboard, worker } = resolved.services;
    expect(switchboard!.image).toBe(worker!.image);
    expect(switchboard!.command).toBeUndefined(); // the image's CMD: the server
    expect(switchboard!.environment!.SWITCHBOARD_WORKER).toBe('off');
    expect(worker!.command).toEqual(['node', 'apps/worker/bin/worker.js']);
    expect(worker!.environment!.SWITCHBOARD_WORKER).toBeUndefined();
  });

  it('publishes a port only on the proxy, so the servers scale without a port clash', () => {
    const published = Object.entries(resolved.services).filter(([, s]) => s.ports !== undefined);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
    const caddyfile = readFileSync(join(ROOT, 'infra/Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/dynamic a switchboard 3000/);
  });

  it('has Redis with an append-only file and Qdrant v1.15.1, both on volumes and health-checked', () => {
    const { redis, qdrant } = resolved.services;
    expect(redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(redis!.volumes).toEqual(['redis-data:/data']);
    expect(qdrant!.image).toMatch(/^qdrant\/qdrant:v1\.15\.1(-unprivileged)?$/);
    expect(qdrant!.volumes).toEqual(['qdrant-storage:/qdrant/storage']);
    expect(qdrant!.healthcheck!.test!.join(' ')).toContain('GET /readyz');
  });

  it('health-checks every long-running service on a cheap probe, and disables the image check on the worker', () => {
    const { switchboard, worker, proxy } = resolved.services;
    expect(switchboard!.healthcheck!.test!.join(' ')).toContain('/healthz');
    expect(worker!.healthcheck).toEqual({ disable: true });
    expect(proxy!.healthcheck!.test).toBeDefined();
  });

  it('keeps the data directory on a named volume the image owns as the user that runs', () => {
    for (const name of ['switchboard', 'worker'])
      expect(resolved.services[name]!.volumes).toContain('switchboard-data:/var/lib/switchboard');
    expect(Object.keys(resolved.volumes)).toContain('switchboard-data');
    // Docker copies the image directory's owner into a new volume: it must be chowned before VOLUME.
    const dockerfile = readFileSync(join(ROOT, 'infra/Dockerfile'), 'utf8');
    const chown = dockerfile.search(/chown node:node \/var\/lib\/switchboard/);
    const volume = dockerfile.search(/^VOLUME \/var\/lib\/switchboard$/m);
    expect(chown).toBeGreaterThan(-1);
    expect(volume).toBeGreaterThan(chown);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(imageEnvironment().SWITCHBOARD_DATA_DIR).toBe('/var/lib/switchboard');
  });

  it('sets only variables Switchboard reads, with values its configuration accepts', () => {
    const known = configVariableNames();
    for (const name of ['switchboard', 'worker']) {
      const env = containerEnv(resolved, name);
      expect(Object.keys(env).filter((k) => !known.has(k) && !NOT_CONFIG.has(k))).toEqual([]);
      const config = loadConfig(env, '/app');
      expect(config.index).toMatchObject({ kind: 'qdrant', url: 'http://qdrant:6333' });
      expect(config.redis).toMatchObject({ url: 'redis://redis:6379', autostart: false });
      expect(config.web.sessionSecret).toBe(filledEnv.WIDGET_SESSION_SECRET);
      expect(config.dataDir).toBe('/var/lib/switchboard');
    }
    const server = loadConfig(containerEnv(resolved, 'switchboard'), '/app');
    expect(server.sync.worker).toBe('off');
    expect(server.server).toMatchObject({ host: '0.0.0.0', port: 3000 });
    expect(server.server.trustProxy).toEqual(['uniquelocal']);
  });
});
