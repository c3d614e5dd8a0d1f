import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readPrometheusFleetConfig } from './config';

function read(prometheusFleet: JsonObject) {
  return readPrometheusFleetConfig(new ConfigReader({ prometheusFleet }));
}

describe('readPrometheusFleetConfig', () => {
  it('applies the defaults when nothing is configured', () => {
    expect(readPrometheusFleetConfig(new ConfigReader({}))).toEqual({
      queryEndpoints: [],
      schedule: { frequency: { seconds: 30 }, timeout: { seconds: 25 } },
      thresholds: {
        lagWarning: 60,
        lagCritical: 120,
        silentAfter: 300,
      },
      queries: { windowSeconds: 300, lastSeenWindowSeconds: 3600 },
      history: { retentionMs: 7 * 24 * 3600 * 1000 },
      onboarding: { gracePeriodSeconds: 24 * 3600 },
      notifications: {
        enabled: false,
        statuses: ['critical', 'silent'],
        minDurationMs: 120_000,
      },
      values: { chartVersion: '88.5.3' },
    });
  });

  it('reads every setting, in string and object duration forms', () => {
    const config = read({
      queryEndpoints: [
        {
          name: 'global-eu',
          url: 'https://prometheus.global-eu.example.com/prom/',
          headers: { 'X-Scope-OrgID': 'fleet' },
          token: 's3cret',
          timeout: '5s',
        },
        { name: 'global-us', url: 'http://prometheus.global-us.svc:9090' },
        {
          name: 'mimir',
          url: 'http://mimir.monitoring.svc:8080',
          engine: 'mimir',
          tenancy: 'federated',
        },
        {
          name: 'thanos',
          url: 'http://thanos-query.monitoring.svc:9090',
          engine: 'thanos',
          pathPrefix: '/thanos',
          tenancy: 'per-tenant',
        },
      ],
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
      thresholds: {
        lagWarning: '30s',
        lagCritical: { minutes: 1 },
        silentAfter: 'PT10M',
      },
      queries: { window: '30s', lastSeenWindow: { minutes: 90 } },
      history: { retention: '2d' },
      onboarding: { gracePeriod: '6h' },
      notifications: {
        enabled: true,
        statuses: ['silent', 'warning'],
        minDuration: { minutes: 5 },
      },
      chart: {
        version: '88.6.0',
        releaseName: 'prometheus',
        namespace: 'observability',
      },
      remoteWrite: {
        queueConfig: {
          capacity: 10000,
          maxShards: 50,
          batchSendDeadline: '5s',
          retryOnRateLimit: true,
        },
      },
    });

    expect(config).toEqual({
      queryEndpoints: [
        {
          name: 'global-eu',
          url: 'https://prometheus.global-eu.example.com/prom',
          engine: 'prometheus',
          tenancy: 'none',
          headers: { 'X-Scope-OrgID': 'fleet' },
          token: 's3cret',
          timeoutMs: 5000,
        },
        {
          name: 'global-us',
          url: 'http://prometheus.global-us.svc:9090',
          engine: 'prometheus',
          tenancy: 'none',
          headers: {},
          token: undefined,
          timeoutMs: 10000,
        },
        {
          name: 'mimir',
          // The engine's query path under the URL.
          url: 'http://mimir.monitoring.svc:8080/prometheus',
          engine: 'mimir',
          tenancy: 'federated',
          headers: {},
          token: undefined,
          timeoutMs: 10000,
        },
        {
          name: 'thanos',
          url: 'http://thanos-query.monitoring.svc:9090/thanos',
          engine: 'thanos',
          tenancy: 'per-tenant',
          headers: {},
          token: undefined,
          timeoutMs: 10000,
        },
      ],
      schedule: {
        frequency: { minutes: 1 },
        timeout: { seconds: 50 },
        initialDelay: undefined,
        scope: undefined,
      },
      thresholds: {
        lagWarning: 30,
        lagCritical: 60,
        silentAfter: 600,
      },
      queries: { windowSeconds: 30, lastSeenWindowSeconds: 5400 },
      history: { retentionMs: 2 * 24 * 3600 * 1000 },
      onboarding: { gracePeriodSeconds: 6 * 3600 },
      notifications: {
        enabled: true,
        statuses: ['silent', 'warning'],
        minDurationMs: 300_000,
      },
      values: {
        chartVersion: '88.6.0',
        releaseName: 'prometheus',
        namespace: 'observability',
        // What the globals polled there run, for their values.
        queryEndpointEngines: { mimir: 'mimir', thanos: 'thanos' },
        queueConfig: {
          capacity: 10000,
          maxShards: 50,
          batchSendDeadline: '5s',
          retryOnRateLimit: true,
        },
        // The alerts in a global's values use the same thresholds and grace.
        thresholds: { lagCritical: 60, silentAfter: 600 },
        onboarding: { gracePeriod: 6 * 3600 },
      },
    });
  });

  it.each<[string, JsonObject, string]>([
    [
      'an endpoint without a name',
      { queryEndpoints: [{ url: 'http://p:9090' }] },
      'prometheusFleet.queryEndpoints[0].name',
    ],
    [
      'a duplicate endpoint name',
      {
        queryEndpoints: [
          { name: 'eu', url: 'http://a:9090' },
          { name: 'eu', url: 'http://b:9090' },
        ],
      },
      `Invalid config at 'prometheusFleet.queryEndpoints[1].name': "eu" is used by another endpoint`,
    ],
    [
      'a relative URL',
      { queryEndpoints: [{ name: 'eu', url: 'prometheus:9090/' }] },
      `'prometheusFleet.queryEndpoints[0].url': only http and https URLs are allowed`,
    ],
    [
      'a URL with credentials',
      { queryEndpoints: [{ name: 'eu', url: 'http://u:p@prometheus:9090' }] },
      `'prometheusFleet.queryEndpoints[0].url': must not embed credentials`,
    ],
    [
      'a bad timeout',
      {
        queryEndpoints: [{ name: 'eu', url: 'http://a:9090', timeout: 'soon' }],
      },
      `Invalid config at 'prometheusFleet.queryEndpoints[0].timeout'`,
    ],
    [
      'a bad header name',
      {
        queryEndpoints: [
          { name: 'eu', url: 'http://a:9090', headers: { 'X Tenant': 'a' } },
        ],
      },
      `'prometheusFleet.queryEndpoints[0].headers.X Tenant': is not a valid HTTP header name`,
    ],
    [
      'both a token and an Authorization header',
      {
        queryEndpoints: [
          {
            name: 'eu',
            url: 'http://a:9090',
            token: 't',
            headers: { authorization: 'Bearer t' },
          },
        ],
      },
      `'prometheusFleet.queryEndpoints[0]': set either token or an Authorization header, not both`,
    ],
    [
      'a schedule without frequency',
      { schedule: { timeout: { seconds: 25 } } },
      `Invalid config at 'prometheusFleet.schedule'`,
    ],
    [
      'a bad threshold',
      { thresholds: { silentAfter: 'a while' } },
      `Invalid config at 'prometheusFleet.thresholds.silentAfter'`,
    ],
    [
      'a warning threshold above the critical one',
      { thresholds: { lagWarning: '5m' } },
      `'prometheusFleet.thresholds.lagWarning': must be shorter than prometheusFleet.thresholds.lagCritical`,
    ],
    [
      'a query window under a second',
      { queries: { window: '500ms' } },
      `'prometheusFleet.queries.window': must be at least one second`,
    ],
    [
      'an onboarding grace period it cannot read',
      { onboarding: { gracePeriod: 'a day' } },
      `Invalid config at 'prometheusFleet.onboarding.gracePeriod'`,
    ],
    [
      'a zero onboarding grace period',
      { onboarding: { gracePeriod: { hours: 0 } } },
      `'prometheusFleet.onboarding.gracePeriod': must be a positive duration`,
    ],
    [
      'a zero retention',
      { history: { retention: '0s' } },
      `'prometheusFleet.history.retention': must be a positive duration`,
    ],
    [
      'a chart version that is not a version',
      { chart: { version: 'latest' } },
      `'prometheusFleet.chart.version': "latest" is not a chart version`,
    ],
    [
      'a release name Helm rejects',
      { chart: { releaseName: 'My Release' } },
      `'prometheusFleet.chart.releaseName': "My Release" is not a Helm release name`,
    ],
    [
      'a namespace Kubernetes rejects',
      { chart: { namespace: 'Monitoring' } },
      `'prometheusFleet.chart.namespace': "Monitoring" is not a Kubernetes namespace name`,
    ],
    [
      'a snake_case queue setting',
      { remoteWrite: { queueConfig: { max_shards: 10 } } },
      `'prometheusFleet.remoteWrite.queueConfig.max_shards': unknown key; use the Prometheus Operator's QueueConfig keys`,
    ],
    [
      'a zero shard count',
      { remoteWrite: { queueConfig: { maxShards: 0 } } },
      `'prometheusFleet.remoteWrite.queueConfig.maxShards': must be a whole number of at least 1`,
    ],
    [
      'a queue duration Prometheus cannot parse',
      { remoteWrite: { queueConfig: { minBackoff: '30 ms' } } },
      `'prometheusFleet.remoteWrite.queueConfig.minBackoff': "30 ms" is not a Prometheus duration`,
    ],
    [
      'more minimum than maximum shards',
      { remoteWrite: { queueConfig: { minShards: 20, maxShards: 10 } } },
      `'prometheusFleet.remoteWrite.queueConfig.minShards': 20 is above maxShards 10`,
    ],
  ])('rejects %s, naming the key', (_case, prometheusFleet, message) => {
    expect(() => read(prometheusFleet)).toThrow(message);
  });

  it.each([
    [
      { engine: 'loki' },
      'Invalid config at \'prometheusFleet.queryEndpoints[0].engine\': "loki" is not an engine; use prometheus, mimir, cortex, thanos, victoriametrics',
    ],
    [
      { tenancy: 'per-tenant' },
      "Invalid config at 'prometheusFleet.queryEndpoints[0].tenancy': prometheus has no tenants; use none, or an engine with tenants (mimir, cortex, thanos)",
    ],
    [
      { engine: 'mimir', tenancy: 'all' },
      'Invalid config at \'prometheusFleet.queryEndpoints[0].tenancy\': "all" is not one of none, per-tenant, federated',
    ],
    [
      { engine: 'mimir', pathPrefix: 'prometheus/' },
      'Invalid config at \'prometheusFleet.queryEndpoints[0].pathPrefix\': must start with "/" and not end with one, e.g. /prometheus',
    ],
  ])('rejects a query endpoint with %j, naming the key', (extra, message) => {
    expect(() =>
      read({
        queryEndpoints: [{ name: 'g', url: 'http://g:9090', ...extra }],
      }),
    ).toThrow(message);
  });

  it('does not echo a header value in its error, since it may be a secret', () => {
    expect(() =>
      read({
        queryEndpoints: [
          {
            name: 'eu',
            url: 'http://a:9090',
            headers: { 'X-Token': 'top-secret\nInjected: 1' },
          },
        ],
      }),
    ).toThrow(
      new Error(
        `Invalid config at 'prometheusFleet.queryEndpoints[0].headers.X-Token': must not contain line breaks`,
      ),
    );
  });
});
