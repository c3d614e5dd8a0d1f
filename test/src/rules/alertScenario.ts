import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
  FleetCluster,
  fleetLookup,
  generateValues,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';

/**
 * Which remote-write metrics the edges export: `appended` as Prometheus 2.x
 * to 3.6 (the newest sample per server, without remote_name or url), or
 * `enqueued` as 3.7+ (per queue as well, beside the deprecated per-server one).
 */
export type MetricGeneration = 'appended' | 'enqueued';

export const APP_BASE_URL = 'https://backstage.example.com';
const WRITE_URL = 'https://prometheus.global-eu.example.com/api/v1/write';
const QUEUE = { remote_name: 'fleet-global-eu', url: WRITE_URL };
const SERVER = { job: 'prometheus-agent', instance: '10.0.0.1:9090' };
/** Minutes of input; alerts are checked at EVALUATED_AT, the silent alert beyond it too. */
const MINUTES = 110;
export const EVALUATED_AT = '35m';
/**
 * The onboarding grace period the scenario's values give a new edge, in
 * seconds: longer than the last-report window (1h), so that an edge that
 * reported and stopped is seen to stay silent after its last report left
 * that window, while one that never reported is still within its grace.
 */
export const GRACE_SECONDS = 90 * 60;
const OWNER = 'group:default/platform';
/** A free-text owner, to show it reaches alerts unchanged and unexecuted. */
export const HOSTILE_OWNER = 'group:default/a"b\\c{{ .labels }}';

/** How one edge's queue behaves in the input series. */
interface EdgeBehaviour {
  /** Seconds the sent timestamp trails the newest sample. */
  lag?: number;
  desiredShards?: number;
  /** Failed samples per second, beside 10 sent. */
  failedPerSecond?: number;
  /** Minute after which the edge sends nothing more. */
  stopsAt?: number;
  /** Minute before which the edge sends nothing: its agent installed late. */
  startsAt?: number;
}

/** Catalog edges (owner, behaviour) and one cluster the catalog does not declare. */
const EDGES: Record<string, { owner: string; behaviour?: EdgeBehaviour }> = {
  'edge-healthy': { owner: OWNER, behaviour: {} },
  'edge-behind': { owner: OWNER, behaviour: { lag: 300 } },
  'edge-silent': { owner: HOSTILE_OWNER, behaviour: { stopsAt: 10 } },
  'edge-never': { owner: OWNER },
  'edge-late': { owner: OWNER, behaviour: { startsAt: 20 } },
  'edge-shards': { owner: OWNER, behaviour: { desiredShards: 20 } },
  'edge-failing': { owner: OWNER, behaviour: { failedPerSecond: 1 } },
};
/** Sends at the global but is no catalog edge: it must raise nothing, whatever it does. */
const UNDECLARED: EdgeBehaviour = {
  lag: 900,
  desiredShards: 50,
  failedPerSecond: 5,
};

function entity(
  name: string,
  annotations: Record<string, string>,
  owner = OWNER,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner },
  };
}

/** The fleet: global-eu and the catalog edges above, resolved as the backend does. */
export function scenarioFleet(): FleetCluster[] {
  return resolveFleet([
    entity('global-eu', {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: WRITE_URL,
    }),
    ...Object.entries(EDGES).map(([name, { owner }]) =>
      entity(name, { [ANNOTATION_ROLE]: 'edge' }, owner),
    ),
  ]).clusters;
}

/** The global's generated values, with alerts that wait `for:` and the grace period as configured. */
export function scenarioGlobalValues() {
  const clusters = scenarioFleet();
  const global = clusters.find(c => c.name === 'global-eu')!;
  return generateValues(global, fleetLookup({ clusters }), {
    appBaseUrl: APP_BASE_URL,
    onboarding: { gracePeriod: GRACE_SECONDS },
  });
}

/** A promtool series selector; label values are plain, so JSON quoting is PromQL quoting. */
function selector(metric: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(
    ([name, value]) => `${name}=${JSON.stringify(value)}`,
  );
  return `${metric}{${pairs.join(',')}}`;
}

function edgeSeries(
  cluster: string,
  behaviour: EdgeBehaviour,
  generation: MetricGeneration,
) {
  const from = behaviour.startsAt ?? 0;
  const until = behaviour.stopsAt ?? MINUTES;
  /** Expanding notation for one sample a minute from `from` to `until`, none before. */
  const perMinute = (start: number, step: number) =>
    `${from ? `_x${from} ` : ''}${start + from * step}+${step}x${until - from}`;
  const server = { cluster, ...SERVER };
  const queue = { ...server, ...QUEUE };
  const constant = (value: number) => perMinute(value, 0);
  // Timestamps equal to the sample time: the edge is up to date.
  const now = perMinute(0, 60);
  const series: Array<{ series: string; values: string }> = [
    {
      series: selector(
        'prometheus_remote_storage_highest_timestamp_in_seconds',
        server,
      ),
      values: now,
    },
    {
      series: selector(
        'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
        queue,
      ),
      values: perMinute(-(behaviour.lag ?? 0), 60),
    },
    {
      series: selector('prometheus_remote_storage_shards', queue),
      values: constant(1),
    },
    {
      series: selector('prometheus_remote_storage_shards_desired', queue),
      values: constant(behaviour.desiredShards ?? 1),
    },
    {
      series: selector('prometheus_remote_storage_shards_max', queue),
      values: constant(10),
    },
    {
      series: selector('prometheus_remote_storage_samples_pending', queue),
      values: constant(0),
    },
    {
      series: selector('prometheus_remote_storage_samples_total', queue),
      values: perMinute(0, 600),
    },
    {
      series: selector('prometheus_remote_storage_samples_failed_total', queue),
      values: perMinute(0, 60 * (behaviour.failedPerSecond ?? 0)),
    },
    {
      series: selector(
        'prometheus_remote_storage_samples_retried_total',
        queue,
      ),
      values: perMinute(0, 0),
    },
    {
      series: selector(
        'prometheus_remote_storage_samples_dropped_total',
        queue,
      ),
      values: perMinute(0, 0),
    },
  ];
  if (generation === 'enqueued') {
    series.push({
      series: selector(
        'prometheus_remote_storage_queue_highest_timestamp_seconds',
        queue,
      ),
      values: now,
    });
  }
  return series;
}

/** What the edges and the undeclared cluster send to the global. */
export function inputSeries(generation: MetricGeneration) {
  return [
    ...Object.entries(EDGES).flatMap(([cluster, { behaviour }]) =>
      behaviour ? edgeSeries(cluster, behaviour, generation) : [],
    ),
    ...edgeSeries('undeclared', UNDECLARED, generation),
  ];
}

/** An alert as promtool expects it: every label and every annotation. */
export interface ExpectedAlert {
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Alert templates filled in as Prometheus would for these labels and value. */
function expandTemplate(
  template: string,
  labels: Record<string, string>,
  value: string,
): string {
  return template
    .replace(
      /\{\{ \$labels\.(\w+) \}\}/g,
      (_, name: string) => labels[name] ?? '',
    )
    .replace(/\{\{ \$value[^}]*\}\}/g, value);
}

/**
 * The alerts that must fire at EVALUATED_AT, from the rules' own templates:
 * silent for the stopped edge, one each for the behind, shards and failing
 * edges, none for the healthy, late-starting or undeclared one, nor for the
 * never-reporting edge within its grace period.
 */
export function expectedAlerts(
  annotationsOf: (alertname: string) => Record<string, string>,
): ExpectedAlert[] {
  return scenarioAlerts(annotationsOf).filter(
    alert =>
      !(
        alert.alertname === 'PrometheusFleetEdgeSilent' &&
        alert.labels.cluster === 'edge-never'
      ),
  );
}

/**
 * The silent alerts that must fire at `minute`: the stopped edge's from
 * minute 10 on (5 minutes silentAfter, 1 minute for:), also once its last
 * report has left the 1h window (minute 70), and the never-reporting edge's
 * only once its grace period is over (minute 90, then 1 minute for:).
 */
export function expectedSilentAlerts(
  annotationsOf: (alertname: string) => Record<string, string>,
  minute: number,
): ExpectedAlert[] {
  const graceOver = minute > GRACE_SECONDS / 60 + 1;
  return scenarioAlerts(annotationsOf).filter(
    alert =>
      alert.alertname === 'PrometheusFleetEdgeSilent' &&
      (alert.labels.cluster === 'edge-silent' ||
        (alert.labels.cluster === 'edge-never' && graceOver)),
  );
}

function scenarioAlerts(
  annotationsOf: (alertname: string) => Record<string, string>,
): ExpectedAlert[] {
  const owners = Object.fromEntries(
    scenarioFleet().map(cluster => [cluster.clusterLabel, cluster.owner ?? '']),
  );
  const edge = (cluster: string) => ({
    cluster,
    owner: owners[cluster],
    monitoring_url: `${APP_BASE_URL}/catalog/default/resource/${cluster}/monitoring`,
  });
  const alert = (
    alertname: string,
    severity: string,
    labels: Record<string, string>,
    value: string,
  ): ExpectedAlert => {
    const all = { ...labels, severity };
    return {
      alertname,
      labels: all,
      annotations: Object.fromEntries(
        Object.entries(annotationsOf(alertname)).map(([name, template]) => [
          name,
          expandTemplate(template, all, value),
        ]),
      ),
    };
  };
  return [
    alert('PrometheusFleetEdgeSilent', 'critical', edge('edge-never'), '1'),
    alert('PrometheusFleetEdgeSilent', 'critical', edge('edge-silent'), '1'),
    alert(
      'PrometheusFleetRemoteWriteBehind',
      'critical',
      { ...edge('edge-behind'), ...QUEUE },
      '5m 0s',
    ),
    alert(
      'PrometheusFleetDesiredShards',
      'warning',
      { ...edge('edge-shards'), ...QUEUE },
      '20',
    ),
    // 60 failed a minute beside 600 sent: 1/11.
    alert(
      'PrometheusFleetRemoteWriteFailures',
      'critical',
      { ...edge('edge-failing'), ...QUEUE },
      '9.091%',
    ),
  ];
}
