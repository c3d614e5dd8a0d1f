import {
  KubernetesObject,
  readAdditionalScrapeConfigs,
  renderPrometheusConfigFromResource,
} from './renderPrometheusConfigFromResource';

const SCRAPE_SECRET = 'fleet-prometheus-scrape-confg';
const JOBS_YAML = '- job_name: pods\n  static_configs: [{ targets: [a:80] }]\n';

function agent(spec: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'PrometheusAgent',
    metadata: { name: 'fleet-prometheus', namespace: 'observability' },
    spec: {
      image: 'quay.io/prometheus/prometheus:v3.5.3',
      replicas: 1,
      shards: 1,
      additionalScrapeConfigs: {
        name: SCRAPE_SECRET,
        key: 'additional-scrape-configs.yaml',
      },
      ...spec,
    },
  };
}

function scrapeSecret(fields: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SCRAPE_SECRET, namespace: 'observability' },
    ...fields,
  };
}

const encodedJobs = scrapeSecret({
  data: {
    'additional-scrape-configs.yaml': Buffer.from(JOBS_YAML).toString('base64'),
  },
});
const options = {
  listenAddress: '127.0.0.1:9090',
  tlsAssetsDir: '/certs',
  prometheusVersion: '3.5.3',
};

describe('renderPrometheusConfigFromResource', () => {
  it('renders from the resource its own name and namespace, and the jobs of the Secret it references', () => {
    const { config, flags } = renderPrometheusConfigFromResource(
      agent({ externalLabels: { cluster: 'edge' } }),
      [encodedJobs],
      options,
    );
    expect(flags).toEqual(['--agent']);
    expect(config.global).toEqual({
      scrape_interval: '30s',
      external_labels: {
        cluster: 'edge',
        prometheus: 'observability/fleet-prometheus',
        prometheus_replica: 'prom-agent-fleet-prometheus-0',
      },
    });
    expect(config.scrape_configs).toEqual([
      { job_name: 'pods', static_configs: [{ targets: ['a:80'] }] },
      expect.objectContaining({ job_name: 'prometheus-self' }),
    ]);
  });

  it('reads stringData over data, as the API server merges them', () => {
    const secret = scrapeSecret({
      data: encodedJobs.data,
      stringData: { 'additional-scrape-configs.yaml': '- job_name: other\n' },
    });
    expect(readAdditionalScrapeConfigs(agent({}), [secret])).toEqual([
      { job_name: 'other' },
    ]);
  });

  it('fails when the referenced Secret is not among those given', () => {
    expect(() => readAdditionalScrapeConfigs(agent({}), [])).toThrow(
      'PrometheusAgent observability/fleet-prometheus spec.additionalScrapeConfigs: no Secret observability/fleet-prometheus-scrape-confg was given',
    );
  });

  it('refuses a spec field it neither translates nor knows to leave the config alone', () => {
    expect(() =>
      renderPrometheusConfigFromResource(
        agent({ enableFeatures: ['exemplar-storage'] }),
        [encodedJobs],
        options,
      ),
    ).toThrow(
      'PrometheusAgent observability/fleet-prometheus spec has enableFeatures, which renderPrometheusConfig does not translate yet',
    );
  });

  it('refuses shards it would have to split targets for', () => {
    expect(() =>
      renderPrometheusConfigFromResource(
        agent({ shards: 2 }),
        [encodedJobs],
        options,
      ),
    ).toThrow('spec.shards is 2; only 1 is rendered');
  });
});
