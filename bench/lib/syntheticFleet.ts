import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GLOBAL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';

/**
 * A fleet of one global and N edges, with the queue behaviour each edge
 * shows at its global. Everything is a function of the edge's index, so the
 * catalog, the writer and the checks agree without sharing state.
 */

export const GLOBAL_NAME = 'global-0';
export const QUERY_ENDPOINT = 'bench-global';
export const GLOBAL_WRITE_URL =
  'https://prometheus.global-0.example.com/api/v1/write';
const ARCHIVE_WRITE_URL = 'https://archive.example.com/api/v1/write';
const DRIFT_WRITE_URL = 'https://old-gateway.example.com/api/v1/write';
export const REMOTE_NAME = `fleet-${GLOBAL_NAME}`;
/** What `prometheusFleet.remoteWrite.queueConfig.maxShards` sets, and what edges report. */
export const MAX_SHARDS = 50;
/** The operator's default scrape interval: how often an edge's queue metrics reach its global. */
export const EDGE_INTERVAL_MS = 30_000;
/**
 * Targets per edge, each forwarding `up` and
 * `scrape_samples_post_metric_relabeling`, as every scraper does: what the
 * receiver query scans.
 */
const TARGET_JOBS = [
  'prometheus-self',
  'kubelet',
  'node-exporter',
  'kube-state-metrics',
];
const OWNERS = 50;

export type EdgeBehaviour =
  | 'healthy'
  | 'lagging'
  | 'far-behind'
  | 'over-sharded'
  | 'failing'
  | 'retrying'
  | 'dropping'
  | 'silent';

/** Per 1,000 edges; the rest are healthy. */
const SHARES: Array<[EdgeBehaviour, number]> = [
  ['silent', 10],
  ['lagging', 20],
  ['far-behind', 10],
  ['over-sharded', 20],
  ['failing', 10],
  ['retrying', 10],
  ['dropping', 5],
];

/** Spreads behaviours over the fleet instead of in blocks of consecutive edges. */
function mix(index: number): number {
  let x = (index + 1) * 0x9e3779b1;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export interface EdgeProfile {
  index: number;
  name: string;
  behaviour: EdgeBehaviour;
  /** Samples per second the edge forwards. */
  rate: number;
  /** A second queue, to an archive, besides the one to its global. */
  archiveQueue: boolean;
  /** Writes to another URL than its values say: a drift problem. */
  drifted: boolean;
  /** In the catalog; orphans only exist at the global. */
  declared: boolean;
}

export function edgeName(index: number): string {
  return `edge-${String(index).padStart(5, '0')}`;
}

/**
 * The tenant an edge (or orphan) writes as, round-robin over `tenant-0` to
 * `tenant-(N-1)`; none on a single-tenant global (`tenants` 0).
 */
export function tenantOf(index: number, tenants: number): string | undefined {
  return tenants > 0 ? `tenant-${index % tenants}` : undefined;
}

export function edgeProfile(index: number): EdgeProfile {
  const h = mix(index);
  let slot = h % 1000;
  let behaviour: EdgeBehaviour = 'healthy';
  for (const [candidate, share] of SHARES) {
    if (slot < share) {
      behaviour = candidate;
      break;
    }
    slot -= share;
  }
  return {
    index,
    name: edgeName(index),
    behaviour,
    rate: 500 + ((h >>> 10) % 4500),
    archiveQueue: (h >>> 4) % 10 === 0,
    drifted: (h >>> 8) % 200 === 0,
    declared: true,
  };
}

/** Clusters writing to the global that nobody registered: one per 1,000 edges, at least one. */
export function orphanProfiles(edges: number): EdgeProfile[] {
  return Array.from(
    { length: Math.max(1, Math.round(edges / 1000)) },
    (_, i) => ({
      ...edgeProfile(edges + i),
      name: `unregistered-${i}`,
      behaviour: 'healthy' as const,
      declared: false,
    }),
  );
}

function resource(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: name,
      description: `Kubernetes cluster ${name}`,
      annotations,
    },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner, system: 'observability' },
  };
}

/** The catalog: the global and every declared edge, each naming its tenant when there are tenants. */
export function fleetEntities(edges: number, tenants = 0): Entity[] {
  const entities = [
    resource(GLOBAL_NAME, 'group:default/platform', {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: GLOBAL_WRITE_URL,
      [ANNOTATION_QUERY_ENDPOINT]: QUERY_ENDPOINT,
    }),
  ];
  for (let i = 0; i < edges; i++) {
    const tenant = tenantOf(i, tenants);
    entities.push(
      resource(edgeName(i), `group:default/team-${i % OWNERS}`, {
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: `resource:default/${GLOBAL_NAME}`,
        ...(tenant ? { [ANNOTATION_TENANT]: tenant } : {}),
      }),
    );
  }
  return entities;
}

type Labels = Array<[string, string]>;

export interface EdgeSeries {
  /** Sorted label pairs, `__name__` first. */
  labels: Labels;
  /** The value at a time (epoch ms); the edge's clock starts at `startMs`. */
  valueAt(timeMs: number): number;
}

const PREFIX = 'prometheus_remote_storage_';

function sorted(labels: Record<string, string>): Labels {
  return Object.entries(labels).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/**
 * Every series an edge's own metrics put at its global, named as Prometheus
 * 2.42 agents name them: the highest timestamp appended per server (no
 * `remote_name`/`url`), everything else per queue, and `up` and the series
 * per scrape per target.
 */
export function edgeSeries(
  profile: EdgeProfile,
  startMs: number,
): EdgeSeries[] {
  const h = mix(profile.index + 0x5bd1e995);
  const self = {
    cluster: profile.name,
    instance: `10.${h % 250}.${(h >>> 8) % 250}.${(h >>> 16) % 250}:9090`,
    job: 'prometheus-self',
    prometheus: 'monitoring/kube-prometheus-stack-prometheus',
    prometheus_replica: 'prom-agent-kube-prometheus-stack-prometheus-0',
  };
  const seconds = (t: number) => Math.floor(t / 1000);
  const elapsed = (t: number) => (t - startMs) / 1000;
  const series: EdgeSeries[] = [
    {
      labels: sorted({
        __name__: `${PREFIX}highest_timestamp_in_seconds`,
        ...self,
      }),
      valueAt: seconds,
    },
  ];
  TARGET_JOBS.forEach((job, i) => {
    const target = {
      ...self,
      job,
      instance:
        i === 0
          ? self.instance
          : `10.${i}.${h % 250}.${(h >>> 8) % 250}:${9100 + i}`,
    };
    const seriesPerScrape = 200 + ((h >>> (4 * i)) % 2000);
    series.push(
      { labels: sorted({ __name__: 'up', ...target }), valueAt: () => 1 },
      {
        labels: sorted({
          __name__: 'scrape_samples_post_metric_relabeling',
          ...target,
        }),
        valueAt: () => seriesPerScrape,
      },
    );
  });

  const queues = [
    {
      remote_name: REMOTE_NAME,
      url: profile.drifted ? DRIFT_WRITE_URL : GLOBAL_WRITE_URL,
      share: profile.archiveQueue ? 0.7 : 1,
      own: true,
    },
    ...(profile.archiveQueue
      ? [
          {
            remote_name: 'archive',
            url: ARCHIVE_WRITE_URL,
            share: 0.3,
            own: false,
          },
        ]
      : []),
  ];
  for (const queue of queues) {
    const labels = { ...self, remote_name: queue.remote_name, url: queue.url };
    const metric = (name: string, valueAt: (t: number) => number) =>
      series.push({
        labels: sorted({ __name__: `${PREFIX}${name}`, ...labels }),
        valueAt,
      });
    const behaviour = queue.own ? profile.behaviour : 'healthy';
    const rate = profile.rate * queue.share;
    const lag =
      behaviour === 'lagging'
        ? 90
        : behaviour === 'far-behind'
        ? 400
        : 1 + (h % 4);
    const shards = 1 + (h % 8);
    metric('queue_highest_sent_timestamp_seconds', t => seconds(t) - lag);
    metric('shards', () => shards);
    metric('shards_desired', () =>
      behaviour === 'over-sharded' ? 80 : shards,
    );
    metric('shards_max', () => MAX_SHARDS);
    metric('samples_pending', t =>
      Math.round(rate * Math.min(lag, 30) * (1 + 0.1 * Math.sin(t / 60_000))),
    );
    metric('samples_total', t => Math.floor(rate * elapsed(t)));
    metric('samples_failed_total', t =>
      behaviour === 'failing' ? Math.floor(0.05 * rate * elapsed(t)) : 0,
    );
    metric('samples_retried_total', t =>
      behaviour === 'retrying' ? Math.floor(0.02 * rate * elapsed(t)) : 0,
    );
    metric('samples_dropped_total', t =>
      behaviour === 'dropping' ? Math.floor(0.01 * rate * elapsed(t)) : 0,
    );
  }
  return series;
}
