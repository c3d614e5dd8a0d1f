import { loadFleetConfig } from './loadConfig';
import { createTempDir } from './testing';

const appConfig = `
app:
  title: Demo
prometheusFleet:
  queryEndpoints:
    - name: global-eu
      url: http://prometheus.global-eu.svc:9090
    - name: ' global-us '
      url: http://prometheus.global-us.svc:9090
  chart:
    version: 88.5.3
    releaseName: prometheus
    namespace: observability
  remoteWrite:
    queueConfig:
      maxShards: 50
      batchSendDeadline: 5s
      retryOnRateLimit: true
`;

describe('loadFleetConfig', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  afterEach(() => dir?.cleanup());

  it('reads query endpoint names and the values options', async () => {
    dir = await createTempDir({ 'app-config.yaml': appConfig });
    await expect(
      loadFleetConfig([dir.path('app-config.yaml')]),
    ).resolves.toEqual({
      queryEndpoints: ['global-eu', 'global-us'],
      values: {
        chartVersion: '88.5.3',
        releaseName: 'prometheus',
        namespace: 'observability',
        queueConfig: {
          maxShards: 50,
          batchSendDeadline: '5s',
          retryOnRateLimit: true,
        },
      },
    });
  });

  it('lets later files override earlier ones', async () => {
    dir = await createTempDir({
      'app-config.yaml': appConfig,
      'app-config.production.yaml':
        'prometheusFleet:\n  chart:\n    version: 89.0.0\n',
    });
    const config = await loadFleetConfig([
      dir.path('app-config.yaml'),
      dir.path('app-config.production.yaml'),
    ]);
    expect(config.values.chartVersion).toBe('89.0.0');
    expect(config.values.releaseName).toBe('prometheus');
    expect(config.queryEndpoints).toEqual(['global-eu', 'global-us']);
  });

  it('checks no endpoint names without config, and all of them against an empty list with one', async () => {
    dir = await createTempDir({ 'app-config.yaml': 'app:\n  title: Demo\n' });
    await expect(loadFleetConfig([])).resolves.toEqual({ values: {} });
    await expect(
      loadFleetConfig([dir.path('app-config.yaml')]),
    ).resolves.toEqual({
      queryEndpoints: [],
      values: {},
    });
  });

  it.each([
    [
      'maxShards: many',
      /prometheusFleet\.remoteWrite\.queueConfig\.maxShards.*app-config\.yaml/,
    ],
    [
      'maxShards: 0',
      "'prometheusFleet.remoteWrite.queueConfig.maxShards': must be a whole number",
    ],
    [
      'minBackoff: soon',
      '\'prometheusFleet.remoteWrite.queueConfig.minBackoff\': "soon" is not a Prometheus duration',
    ],
    [
      'shards: 5',
      "'prometheusFleet.remoteWrite.queueConfig.shards': unknown key",
    ],
    [
      'minShards: 9\n      maxShards: 3',
      "'prometheusFleet.remoteWrite.queueConfig.minShards': 9 is above maxShards 3",
    ],
  ])(
    'refuses queue config the backend would refuse: %s',
    async (queue, message) => {
      dir = await createTempDir({
        'app-config.yaml': `prometheusFleet:\n  remoteWrite:\n    queueConfig:\n      ${queue}\n`,
      });
      await expect(
        loadFleetConfig([dir.path('app-config.yaml')]),
      ).rejects.toThrow(message);
    },
  );

  it.each([
    [
      'version: latest',
      '\'prometheusFleet.chart.version\': "latest" is not a chart version',
    ],
    [
      'releaseName: My_Release',
      '\'prometheusFleet.chart.releaseName\': "My_Release" is not a Helm release name',
    ],
    [
      'namespace: "a b"',
      '\'prometheusFleet.chart.namespace\': "a b" is not a Kubernetes namespace name',
    ],
  ])(
    'refuses chart settings the backend would refuse: %s',
    async (chart, message) => {
      dir = await createTempDir({
        'app-config.yaml': `prometheusFleet:\n  chart:\n    ${chart}\n`,
      });
      await expect(
        loadFleetConfig([dir.path('app-config.yaml')]),
      ).rejects.toThrow(message);
    },
  );
});
