import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_TENANT,
  GeneratedValues,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  CommandResult,
  PrometheusMajor,
  prometheusBinaries,
  prometheusVersion,
  promtoolCheckConfig,
} from '../rig/binaries';
import {
  RenderedPrometheus,
  renderPrometheusConfig,
  RenderOptions,
} from '../rig/renderPrometheusConfig';
import { SimulatedPod } from '../rig/simulatedPods';
import { writePrometheusConfig } from '../rig/writePrometheusConfig';
import {
  FULL_QUEUE_CONFIG,
  twoClusterFleetValues,
  WRITE_SECRET,
  WRITE_URL,
} from './twoClusterFleet';

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

/** The flag that starts each line in agent mode. */
const AGENT_FLAG: Record<PrometheusMajor, string> = {
  3: '--agent',
  2: '--enable-feature=agent',
};

const MAJORS: PrometheusMajor[] = [3, 2];

/** `sampleAgeLimit` came with Prometheus 2.50: the operator leaves it out for 2.42, with a warning. */
const SAMPLE_AGE_LIMIT: Record<
  PrometheusMajor,
  { config: Record<string, string>; warnings: unknown[] }
> = {
  3: { config: { sample_age_limit: '10m' }, warnings: [] },
  2: {
    config: {},
    warnings: [
      expect.stringContaining(
        'queueConfig.sampleAgeLimit needs Prometheus 2.50.0 or later',
      ),
    ],
  },
};

let workDir: string;
/** What each line's promtool reports: the operator renders for the version it runs. */
const versions = {} as Record<PrometheusMajor, string>;

beforeAll(async () => {
  // Fails every test with the install hint rather than skipping them.
  for (const major of MAJORS) {
    versions[major] = await prometheusVersion(
      prometheusBinaries(major).promtool,
      major,
    );
  }
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

function expectValid({ result }: Checked) {
  expect(result.output).toContain('SUCCESS');
  expect(result.exitCode).toBe(0);
}

const spec = (generated: GeneratedValues) =>
  (generated.values as any).prometheus.prometheusSpec;

/** promtool of one line checking what the operator renders for that line. */
function checkerFor(major: PrometheusMajor) {
  const { promtool } = prometheusBinaries(major);
  return async (
    generated: GeneratedValues,
    options: Partial<RenderOptions> = {},
  ): Promise<Checked> => {
    const dir = await fs.mkdtemp(
      path.join(workDir, `${major}-${generated.clusterLabel}-`),
    );
    const rendered = renderPrometheusConfig(generated, {
      listenAddress: '127.0.0.1:9090',
      tlsAssetsDir: path.join(dir, 'certs'),
      pods,
      secretValue: ({ name, key }) => `${name}/${key}`,
      prometheusVersion: versions[major],
      ...options,
    });
    const file = path.join(dir, 'prometheus.yml');
    await writePrometheusConfig(rendered, file);
    const result = await promtoolCheckConfig(file, {
      agent: rendered.agentMode,
      promtool,
    });
    return { rendered, result, config: rendered.config };
  };
}

describe.each(MAJORS)('Prometheus %s', major => {
  const renderAndCheck = checkerFor(major);

  describe('generated edge values, rendered as the operator would, pass promtool check config --agent', () => {
    it('plain edge: agent, cluster label, remote write to its global, the pod job kept as generated', async () => {
      const { edge } = twoClusterFleetValues();
      const checked = await renderAndCheck(edge);
      expectValid(checked);
      const { config, rendered } = checked;

      expect(rendered.flags).toEqual([AGENT_FLAG[major]]);
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
              __meta_kubernetes_pod_annotationpresent_prometheus_io_port:
                'true',
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
        twoClusterFleetValues({}, { [ANNOTATION_TENANT]: 'team-a' }).edge,
      );
      expectValid(checked);
      expect(checked.config.remote_write[0].headers).toEqual({
        'X-Scope-OrgID': 'team-a',
      });
    });

    it('basic auth: the operator inlines username and password read from the Secret', async () => {
      const checked = await renderAndCheck(
        twoClusterFleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic' }).edge,
      );
      expectValid(checked);
      expect(checked.config.remote_write[0].basic_auth).toEqual({
        username: `${WRITE_SECRET}/username`,
        password: `${WRITE_SECRET}/password`,
      });
    });

    it('bearer auth: the operator inlines the token read from the Secret', async () => {
      const checked = await renderAndCheck(
        twoClusterFleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'bearer' })
          .edge,
      );
      expectValid(checked);
      expect(checked.config.remote_write[0].authorization).toEqual({
        type: 'Bearer',
        credentials: `${WRITE_SECRET}/token`,
      });
    });

    it('mTLS: CA, certificate and key become files of the TLS assets mount', async () => {
      const checked = await renderAndCheck(
        twoClusterFleetValues({ [ANNOTATION_REMOTE_WRITE_AUTH]: 'mtls' }).edge,
      );
      expectValid(checked);
      const tls = checked.config.remote_write[0].tls_config;
      const certs = path.dirname(tls.ca_file);
      expect(tls).toEqual({
        ca_file: path.join(certs, `0_monitoring_${WRITE_SECRET}_ca.crt`),
        cert_file: path.join(certs, `0_monitoring_${WRITE_SECRET}_tls.crt`),
        key_file: path.join(certs, `0_monitoring_${WRITE_SECRET}_tls.key`),
      });
      await expect(fs.readFile(tls.key_file, 'utf8')).resolves.toBe(
        `${WRITE_SECRET}/tls.key`,
      );
    });

    it('queueConfig: snake_case fields, the edge max-shards annotation winning, fields this line lacks left out', async () => {
      const queueConfig = FULL_QUEUE_CONFIG;
      const { edge } = twoClusterFleetValues(
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
        ...SAMPLE_AGE_LIMIT[major].config,
      });
      expect(checked.rendered.warnings).toEqual(
        SAMPLE_AGE_LIMIT[major].warnings,
      );
    });
  });

  describe('generated global values pass promtool check config', () => {
    it('receives remote write and labels its own series with its cluster', async () => {
      const { global } = twoClusterFleetValues();
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

  describe('negative control: the check fails when the config is wrong', () => {
    it('a broken relabel regex makes promtool exit non-zero', async () => {
      const { edge } = twoClusterFleetValues();
      const broken = structuredClone(edge);
      spec(broken).additionalScrapeConfigs[0].relabel_configs[0].regex = '(';
      const { result } = await renderAndCheck(broken);
      expect(result.exitCode).not.toBe(0);
      expect(result.output).toContain('error parsing regexp');
    });
  });
});

describe('negative control: the operator must render for the version it runs', () => {
  it('a queue field 2.42 does not know makes its promtool exit non-zero', async () => {
    const { edge } = twoClusterFleetValues(
      {},
      {},
      { queueConfig: { sampleAgeLimit: '10m' } },
    );
    // Rendered for 2.50, which has sample_age_limit, then checked by the 2.42 promtool.
    const { result, config } = await checkerFor(2)(edge, {
      prometheusVersion: '2.50.0',
    });
    expect(config.remote_write[0].queue_config).toEqual({
      sample_age_limit: '10m',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('sample_age_limit not found');
  });
});
