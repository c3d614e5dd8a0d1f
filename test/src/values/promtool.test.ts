import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
  GeneratedValues,
  generateValues,
  indexFleet,
  resolveFleet,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  assertPrometheusVersion,
  CommandResult,
  promtoolCheckConfig,
  PROMTOOL_BIN,
} from '../rig/binaries';
import {
  RenderedPrometheus,
  renderPrometheusConfig,
  RenderOptions,
  RIG_PROMETHEUS_VERSION,
} from '../rig/renderPrometheusConfig';
import { SimulatedPod } from '../rig/simulatedPods';
import { writePrometheusConfig } from '../rig/writePrometheusConfig';

const WRITE_URL = 'https://prometheus.global-eu.example.com/api/v1/write';
const SECRET = 'prometheus-fleet-remote-write';

function cluster(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner: 'group:default/platform' },
  };
}

function fleetValues(
  globalAnnotations: Record<string, string> = {},
  edgeAnnotations: Record<string, string> = {},
  options: ValuesOptions = {},
) {
  const fleet = resolveFleet([
    cluster('global-eu', {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: WRITE_URL,
      ...globalAnnotations,
    }),
    cluster('edge-eu-1', { [ANNOTATION_ROLE]: 'edge', ...edgeAnnotations }),
  ]);
  const clusters = indexFleet(fleet);
  const valuesOf = (name: string) =>
    generateValues(
      clusters.get(`resource:default/${name}`)!,
      ref => clusters.get(ref),
      options,
    );
  return { global: valuesOf('global-eu'), edge: valuesOf('edge-eu-1') };
}

const pods: SimulatedPod[] = [
  {
    namespace: 'shop',
    name: 'web-7d9f',
    address: '10.1.2.3',
    annotations: {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
    },
    labels: { app: 'web' },
  },
];

let workDir: string;

beforeAll(async () => {
  // Fails every test with the install hint rather than skipping them.
  await assertPrometheusVersion(PROMTOOL_BIN, RIG_PROMETHEUS_VERSION);
  workDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'prometheus-fleet-promtool-'),
  );
});

afterAll(async () => {
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

interface Checked {
  rendered: RenderedPrometheus;
  result: CommandResult;
  config: Record<string, any>;
}

async function renderAndCheck(
  generated: GeneratedValues,
  options: Partial<RenderOptions> = {},
): Promise<Checked> {
  const dir = await fs.mkdtemp(
    path.join(workDir, `${generated.clusterLabel}-`),
  );
  const rendered = renderPrometheusConfig(generated, {
    listenAddress: '127.0.0.1:9090',
    tlsAssetsDir: path.join(dir, 'certs'),
    pods,
    secretValue: ({ name, key }) => `${name}/${key}`,
    ...options,
  });
  const file = path.join(dir, 'prometheus.yml');
  await writePrometheusConfig(rendered, file);
  const result = await promtoolCheckConfig(file, { agent: rendered.agentMode });
  return { rendered, result, config: rendered.config };
}

function expectValid({ result }: Checked) {
  expect(result.output).toContain('SUCCESS');
  expect(result.exitCode).toBe(0);
}

const spec = (generated: GeneratedValues) =>
  (generated.values as any).prometheus.prometheusSpec;

describe('generated edge values, rendered as the operator would, pass promtool check config --agent', () => {
  it('plain edge: agent, cluster label, remote write to its global, the pod job kept as generated', async () => {
    const { edge } = fleetValues();
    const checked = await renderAndCheck(edge);
    expectValid(checked);
    const { config, rendered } = checked;

    expect(rendered.flags).toEqual(['--enable-feature=agent']);
    expect(config.global.external_labels).toEqual({
      cluster: 'edge-eu-1',
      prometheus: 'monitoring/kube-prometheus-stack-prometheus',
      prometheus_replica: 'prom-agent-kube-prometheus-stack-prometheus-0',
    });
    expect(config.remote_write).toEqual([
      { url: WRITE_URL, remote_timeout: '30s', name: 'fleet-global-eu' },
    ]);
    const [podJob, selfJob] = config.scrape_configs;
    const { kubernetes_sd_configs: _sd, ...generatedJob } =
      spec(edge).additionalScrapeConfigs[0];
    expect(podJob).toEqual({
      ...generatedJob,
      static_configs: [
        {
          targets: ['10.1.2.3'],
          labels: {
            __meta_kubernetes_namespace: 'shop',
            __meta_kubernetes_pod_name: 'web-7d9f',
            __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
            __meta_kubernetes_pod_annotationpresent_prometheus_io_scrape:
              'true',
            __meta_kubernetes_pod_annotation_prometheus_io_port: '8080',
            __meta_kubernetes_pod_annotationpresent_prometheus_io_port: 'true',
            __meta_kubernetes_pod_label_app: 'web',
            __meta_kubernetes_pod_labelpresent_app: 'true',
          },
        },
      ],
    });
    expect(selfJob).toEqual({
      job_name: 'prometheus-self',
      static_configs: [{ targets: ['127.0.0.1:9090'] }],
    });
  });

  it('edge with a tenant sends X-Scope-OrgID', async () => {
    const checked = await renderAndCheck(
      fleetValues({}, { [ANNOTATION_TENANT]: 'team-a' }).edge,
    );
    expectValid(checked);
    expect(checked.config.remote_write[0].headers).toEqual({
      'X-Scope-OrgID': 'team-a',
    });
  });

  it('basic auth: the operator inlines username and password read from the Secret', async () => {
    const checked = await renderAndCheck(
      fleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic' }).edge,
    );
    expectValid(checked);
    expect(checked.config.remote_write[0].basic_auth).toEqual({
      username: `${SECRET}/username`,
      password: `${SECRET}/password`,
    });
  });

  it('bearer auth: the operator inlines the token read from the Secret', async () => {
    const checked = await renderAndCheck(
      fleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'bearer' }).edge,
    );
    expectValid(checked);
    expect(checked.config.remote_write[0].authorization).toEqual({
      type: 'Bearer',
      credentials: `${SECRET}/token`,
    });
  });

  it('mTLS: CA, certificate and key become files of the TLS assets mount', async () => {
    const checked = await renderAndCheck(
      fleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'mtls' }).edge,
    );
    expectValid(checked);
    const tls = checked.config.remote_write[0].tls_config;
    const certs = path.dirname(tls.ca_file);
    expect(tls).toEqual({
      ca_file: path.join(certs, `0_monitoring_${SECRET}_ca.crt`),
      cert_file: path.join(certs, `0_monitoring_${SECRET}_tls.crt`),
      key_file: path.join(certs, `0_monitoring_${SECRET}_tls.key`),
    });
    await expect(fs.readFile(tls.key_file, 'utf8')).resolves.toBe(
      `${SECRET}/tls.key`,
    );
  });

  it('queueConfig: snake_case fields, the edge max-shards annotation winning, version-gated fields left out', async () => {
    const queueConfig = {
      capacity: 2500,
      minShards: 2,
      maxShards: 50,
      maxSamplesPerSend: 500,
      batchSendDeadline: '5s',
      minBackoff: '30ms',
      maxBackoff: '5s',
      retryOnRateLimit: true,
      sampleAgeLimit: '10m',
    };
    const { edge } = fleetValues(
      {},
      { [ANNOTATION_MAX_SHARDS]: '7' },
      { queueConfig },
    );
    const checked = await renderAndCheck(edge);
    expectValid(checked);
    expect(checked.config.remote_write[0].queue_config).toEqual({
      capacity: 2500,
      min_shards: 2,
      max_shards: 7,
      max_samples_per_send: 500,
      batch_send_deadline: '5s',
      min_backoff: '30ms',
      max_backoff: '5s',
      retry_on_http_429: true,
    });
    expect(checked.rendered.warnings).toEqual([
      expect.stringContaining(
        'queueConfig.sampleAgeLimit needs Prometheus 2.50.0 or later',
      ),
    ]);
  });
});

describe('generated global values pass promtool check config', () => {
  it('receives remote write and labels its own series with its cluster', async () => {
    const { global } = fleetValues();
    const checked = await renderAndCheck(global);
    expectValid(checked);
    const { config, rendered } = checked;
    expect(rendered.flags).toEqual(['--web.enable-remote-write-receiver']);
    expect(config.remote_write).toBeUndefined();
    expect(config.global.external_labels.cluster).toBe('global-eu');
    expect(config.scrape_configs[0]).toEqual({
      job_name: 'prometheus-self',
      static_configs: [{ targets: ['127.0.0.1:9090'] }],
      relabel_configs: [
        {
          action: 'replace',
          target_label: 'cluster',
          replacement: 'global-eu',
        },
      ],
    });
  });
});

describe('negative controls: the check fails when the config is wrong', () => {
  it('a broken relabel regex makes promtool exit non-zero', async () => {
    const { edge } = fleetValues();
    const broken = structuredClone(edge);
    spec(broken).additionalScrapeConfigs[0].relabel_configs[0].regex = '(';
    const { result } = await renderAndCheck(broken);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('error parsing regexp');
  });

  it('a queue field this Prometheus does not know makes promtool exit non-zero', async () => {
    const { edge } = fleetValues(
      {},
      {},
      { queueConfig: { sampleAgeLimit: '10m' } },
    );
    // Rendered for 2.50, which has sample_age_limit, then checked by the 2.42 promtool.
    const { result, config } = await renderAndCheck(edge, {
      prometheusVersion: '2.50.0',
    });
    expect(config.remote_write[0].queue_config).toEqual({
      sample_age_limit: '10m',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('sample_age_limit not found');
  });
});
