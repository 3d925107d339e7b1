import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariableNames, imageEnvironment, NOT_CONFIG, ROOT } from './environment.ts';
import { type Container, containerEnv, secretsOf } from './helm/container-env.ts';
import { type RenderedManifest, renderChart } from './helm/render-chart.ts';
import { KubernetesValidator } from './schema-validators.ts';

// The Helm chart rendered as `helm template` would (test/infra/go-template, no helm binary here),
// every manifest checked against the published Kubernetes 1.33 schemas (strict: an unknown field
// is an error), then what the chart promises: probes, autoscaling, secrets, non-root volumes and
// Qdrant through its official chart in distributed mode.
const CHART = join(ROOT, 'infra/helm/switchboard');
const SECRETS = { WIDGET_SESSION_SECRET: 'w'.repeat(64), REDIS_PASSWORD: 'r'.repeat(32) };
/** The Qdrant chart's generated key, which only a real install creates. */
const QDRANT_KEY = { 'switchboard-qdrant-apikey': { 'api-key': 'q'.repeat(32) } };

const render = (values: Record<string, unknown> = {}, releaseName?: string) =>
  renderChart(CHART, {
    values: { secret: { values: SECRETS }, ...values },
    ...(releaseName ? { releaseName } : {}),
  });

/** Install-time variants: each must render manifests that Kubernetes accepts. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'fixed replicas, no autoscaling or PDB': {
    server: {
      autoscaling: { enabled: false },
      podDisruptionBudget: { enabled: false },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    },
    imagePullSecrets: [{ name: 'registry' }],
    redis: { persistence: { storageClassName: 'fast-ssd' }, auth: { enabled: false } },
    secret: { values: { WIDGET_SESSION_SECRET: SECRETS.WIDGET_SESSION_SECRET } },
  },
  'an existing Secret': { secret: { existingSecret: 'switchboard-env', values: {} } },
  'external Redis and Qdrant, shared data claim': {
    redis: { enabled: false },
    qdrant: { enabled: false },
    externalQdrant: { url: 'https://qdrant.example.com:6333' },
    dataVolume: { existingClaim: 'switchboard-models' },
    env: { PUBLIC_URL: 'https://chat.example.com', TRUST_PROXY: '10.0.0.0/8', SYNC_CONCURRENCY: 4 },
    server: { nodeSelector: { pool: 'web' }, tolerations: [{ key: 'web', operator: 'Exists' }] },
  },
};

/** The parts of rendered objects these tests read. */
interface PodSpec {
  securityContext: { runAsNonRoot?: boolean; fsGroup?: number };
  automountServiceAccountToken?: boolean;
  containers: Container[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  stringData?: Record<string, string>;
  spec: {
    replicas?: unknown;
    selector?: Record<string, unknown>;
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    volumeClaimTemplates: Array<{ metadata: { name: string } }>;
    scaleTargetRef: unknown;
    minReplicas: number;
    maxReplicas: number;
  };
}

const byKind = (manifests: RenderedManifest[], kind: string, nameSuffix = '') =>
  manifests
    .map((m) => m.manifest as unknown as K8sObject)
    .filter((m) => m.kind === kind && m.metadata.name.endsWith(nameSuffix));
const one = (manifests: RenderedManifest[], kind: string, nameSuffix = ''): K8sObject => {
  const found = byKind(manifests, kind, nameSuffix);
  expect(found, `${kind} *${nameSuffix}`).toHaveLength(1);
  return found[0]!;
};
const containerOf = (workload: K8sObject): Container => workload.spec.template.spec.containers[0]!;

describe('infra/helm/switchboard', () => {
  const validator = new KubernetesValidator();

  for (const [variant, values] of Object.entries(VARIANTS)) {
    it(`renders manifests valid against the Kubernetes schemas: ${variant}`, () => {
      const manifests = render(values);
      expect(manifests.length).toBeGreaterThan(3);
      const errors = manifests.flatMap(({ source, manifest }) =>
        validator.validate(manifest).map((e) => `${source} ${String(manifest.kind)}: ${e}`),
      );
      expect(errors).toEqual([]);
    });
  }

  it('rejects broken manifests (the schema check can fail)', () => {
    const deployment = structuredClone(one(render(), 'Deployment', '-server'));
    deployment.spec.replicas = '3';
    containerOf(deployment).readinesProbe = { httpGet: { path: '/readyz' } };
    const errors = validator.validate(deployment as unknown as Record<string, unknown>);
    expect(errors).toContainEqual(expect.stringMatching(/^\/spec\/replicas must be integer/));
    expect(errors).toContainEqual(expect.stringMatching(/containers\/0 must NOT have additional/));
    expect(validator.validate({ apiVersion: 'apps/v1', kind: 'DaemonSet' })).toEqual([
      expect.stringMatching(/no vendored schema daemonset-apps-v1\.json/),
    ]);
  });

  it('probes servers cheaply: liveness and start-up on /healthz, readiness on /readyz', () => {
    const server = containerOf(one(render(), 'Deployment', '-server'));
    expect(server.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
    expect(server.startupProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' } });
    expect(server.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'http' } });
    expect(server.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  });

  it('autoscales the server Deployment with an autoscaling/v2 HPA, which then owns its replicas', () => {
    const manifests = render();
    const deployment = one(manifests, 'Deployment', '-server');
    const hpa = one(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeLessThan(hpa.spec.maxReplicas);
    expect(deployment.spec.replicas).toBeUndefined();
    const fixed = render(VARIANTS['fixed replicas, no autoscaling or PDB']);
    expect(byKind(fixed, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(one(fixed, 'Deployment', '-server').spec.replicas).toBe(2);
  });

  it('sends the Service to server pods only, and runs sync in a separate worker Deployment', () => {
    const manifests = render();
    const service = one(manifests, 'Service', '-server');
    const server = one(manifests, 'Deployment', '-server');
    const worker = one(manifests, 'Deployment', '-worker');
    expect(server.spec.template.metadata.labels).toMatchObject(service.spec.selector!);
    expect(worker.spec.template.metadata.labels).not.toMatchObject(service.spec.selector!);
    expect(containerOf(worker).command).toEqual(['node', 'apps/worker/bin/worker.js']);
    expect(containerOf(server).command).toBeUndefined(); // the image's CMD: the server
  });

  it('runs Redis as a StatefulSet with an append-only file on a claim, password from the Secret', () => {
    const redis = one(render(), 'StatefulSet', '-redis');
    const container = containerOf(redis);
    expect(container.args!.join(' ')).toMatch(
      /--appendonly yes --appendfsync everysec --dir \/data/,
    );
    expect(container.args!.join(' ')).toContain('--requirepass $(REDIS_PASSWORD)');
    expect(redis.spec.volumeClaimTemplates[0]!.metadata.name).toBe('data');
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);

    const open = render(VARIANTS['fixed replicas, no autoscaling or PDB']);
    expect(containerOf(one(open, 'StatefulSet', '-redis')).args).not.toContain('--requirepass');
    const env = containerEnv(
      containerOf(one(open, 'Deployment', '-worker')),
      secretsOf(open, QDRANT_KEY),
    );
    expect(env.REDIS_URL).toBe('redis://switchboard-redis:6379');
  });

  it('takes every secret from a Secret, never from a literal in a workload', () => {
    const manifests = render();
    const workloads = [...byKind(manifests, 'Deployment'), ...byKind(manifests, 'StatefulSet')];
    const text = JSON.stringify(workloads);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(one(manifests, 'Secret').stringData).toEqual(SECRETS);

    const existing = render(VARIANTS['an existing Secret']);
    expect(byKind(existing, 'Secret')).toEqual([]);
    for (const workload of byKind(existing, 'Deployment'))
      expect(containerOf(workload).envFrom).toEqual([{ secretRef: { name: 'switchboard-env' } }]);

    expect(() => render({ secret: { values: {} } })).toThrow(/WIDGET_SESSION_SECRET is required/);
    expect(() => render({ secret: { values: { WIDGET_SESSION_SECRET: 'x'.repeat(64) } } })).toThrow(
      /REDIS_PASSWORD is required/,
    );
  });

  it('runs every pod as a non-root user whose group owns the mounted volumes', () => {
    for (const values of Object.values(VARIANTS)) {
      const manifests = render(values);
      for (const workload of [
        ...byKind(manifests, 'Deployment'),
        ...byKind(manifests, 'StatefulSet'),
      ]) {
        const pod = workload.spec.template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(pod.securityContext.fsGroup).toBeGreaterThan(0);
        expect(pod.automountServiceAccountToken).toBe(false);
        for (const c of pod.containers)
          expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false });
      }
    }
  });

  it('gives servers and workers an environment Switchboard accepts, wired to Redis and Qdrant', () => {
    const manifests = render();
    const secrets = secretsOf(manifests, QDRANT_KEY);
    const known = configVariableNames();
    for (const suffix of ['-server', '-worker']) {
      const container = containerOf(one(manifests, 'Deployment', suffix));
      const names = (container.env ?? []).map((e) => e.name);
      expect(names.filter((n) => !known.has(n) && !NOT_CONFIG.has(n))).toEqual([]);
      const config = loadConfig(containerEnv(container, secrets, imageEnvironment()), '/app');
      expect(config.redis.url).toBe(`redis://:${SECRETS.REDIS_PASSWORD}@switchboard-redis:6379`);
      expect(config.index).toEqual({
        kind: 'qdrant',
        url: 'http://switchboard-qdrant:6333',
        apiKey: QDRANT_KEY['switchboard-qdrant-apikey']['api-key'],
        collection: 'switchboard',
      });
      expect(config.web.sessionSecret).toBe(SECRETS.WIDGET_SESSION_SECRET);
      expect(config.sync.worker).toBe(suffix === '-server' ? 'off' : 'in-process');
    }
    const external = render(VARIANTS['external Redis and Qdrant, shared data claim']);
    const env = containerEnv(
      containerOf(one(external, 'Deployment', '-server')),
      secretsOf(external),
    );
    expect(env).toMatchObject({
      QDRANT_URL: 'https://qdrant.example.com:6333',
      SYNC_CONCURRENCY: '4',
    });
    expect(env.REDIS_URL).toBeUndefined(); // then it comes from the Secret
  });

  it('depends on the official Qdrant chart, configured for distributed mode', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
    expect(chart.dependencies).toEqual([
      {
        name: 'qdrant',
        version: '1.15.1',
        repository: 'https://qdrant.github.io/qdrant-helm',
        condition: 'qdrant.enabled',
      },
    ]);
    const { qdrant } = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
    expect(qdrant.enabled).toBe(true);
    expect(qdrant.image.tag).toBe('v1.15.1');
    expect(qdrant.replicaCount).toBeGreaterThanOrEqual(3);
    expect(qdrant.config.cluster.enabled).toBe(true);
    const collection = qdrant.config.storage.collection;
    expect(collection.replication_factor).toBeGreaterThanOrEqual(2);
    expect(collection.replication_factor).toBeLessThanOrEqual(qdrant.replicaCount);
    expect(collection.shard_number).toBeGreaterThanOrEqual(qdrant.replicaCount);
    // The Qdrant chart names its Service after the release (alone when it already says "qdrant").
    const urlFor = (release: string) =>
      containerOf(one(render({}, release), 'Deployment', '-server')).env!.find(
        (e) => e.name === 'QDRANT_URL',
      )!.value;
    expect(urlFor('support')).toBe('http://support-qdrant:6333');
    expect(urlFor('qdrant-support')).toBe('http://qdrant-support:6333');
  });

  it('keeps every name a valid DNS label, even for a long release name', () => {
    const manifests = render({}, 'customer-support-assistant-production-europe-west');
    for (const { manifest } of manifests) {
      const name = (manifest.metadata as { name: string }).name;
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(manifest.kind === 'StatefulSet' ? 52 : 63);
    }
  });
});
