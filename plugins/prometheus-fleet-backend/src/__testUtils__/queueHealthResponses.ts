import {
  buildQueueHealthQueries,
  FLEET_RULES_VERSION,
  QueueHealthQueryId,
  RECORDED_QUEUE_HEALTH_QUERIES,
  RecordedQueueHealthQuery,
} from 'backstage-plugin-prometheus-fleet-common';
import { QueryWindows } from '../config';
import {
  answerJson,
  FakeResponder,
  ReceivedQuery,
  vectorBody,
} from 'backstage-plugin-prometheus-fleet-node/testUtils';

/** One edge's queue as a fake global reports it. */
export interface FakeQueue {
  cluster: string;
  remoteName: string;
  url: string;
  /** Seconds the queue has sent up to before its edge's newest timestamp. */
  lag?: number;
  shards?: { current: number; desired: number; max: number };
  rates?: { sent: number; failed: number; retried: number; dropped: number };
}

/** What a fake global holds of one cluster's scrapes. */
export interface FakeScrapes {
  up: number;
  down?: number;
  seriesPerScrape: number;
  /** Epoch seconds of the newest `up` sample. */
  newest: number;
}

export interface FakeGlobalState {
  /** Evaluation time, epoch seconds. */
  at: number;
  queues: FakeQueue[];
  /**
   * Newest timestamp each cluster's Prometheus reported, epoch seconds. A
   * queue of a cluster without one has no lag.
   */
  lastSeen: Record<string, number>;
  /**
   * By cluster; by default every cluster of `lastSeen` has one target up
   * giving 100 series, scraped when it was last seen. A cluster here and not
   * in `lastSeen` sends without queue metrics.
   */
  scrapes?: Record<string, FakeScrapes>;
  /**
   * The generated rules the global evaluates, with the windows they record
   * over; none by default. `rulesInfo` only: the rules info series is there
   * and nothing else is recorded (rules deployed since the last evaluation).
   */
  rules?: { window: string; lastReportWindow: string; rulesInfoOnly?: boolean };
  /** Clusters whose series the rules have not recorded yet. */
  unrecorded?: string[];
}

const sample = (at: number, metric: Record<string, string>, value: number) => ({
  metric,
  value: [at, String(value)],
});

/** The one Prometheus server of each fake cluster. */
const server = (cluster: string) => ({
  cluster,
  job: 'prometheus-self',
  instance: `prometheus.${cluster}:9090`,
});

function scrapesOf(state: FakeGlobalState): Record<string, FakeScrapes> {
  return (
    state.scrapes ??
    Object.fromEntries(
      Object.entries(state.lastSeen).map(([cluster, seen]) => [
        cluster,
        { up: 1, seriesPerScrape: 100, newest: seen },
      ]),
    )
  );
}

const rulesInfoSample = (state: FakeGlobalState) =>
  state.rules
    ? [
        sample(
          state.at,
          {
            __name__: 'prometheus_fleet:rules_info',
            version: FLEET_RULES_VERSION,
            window: state.rules.window,
            last_report_window: state.rules.lastReportWindow,
            quantity: 'rules_info',
          },
          1,
        ),
      ]
    : [];

/** The instant-vector bodies a global in this state answers each query with. */
export function queueHealthBodies(
  state: FakeGlobalState,
): Record<QueueHealthQueryId, unknown> {
  const { at, queues, lastSeen } = state;
  const scrapes = scrapesOf(state);
  const labels = (q: FakeQueue) => ({
    cluster: q.cluster,
    remote_name: q.remoteName,
    url: q.url,
  });
  const tagged = (values: (q: FakeQueue) => Record<string, number>) =>
    vectorBody(
      queues.flatMap(q =>
        Object.entries(values(q)).map(([quantity, value]) =>
          sample(at, { ...labels(q), quantity }, value),
        ),
      ),
    );
  const rates = (q: FakeQueue) =>
    q.rates ?? { sent: 50, failed: 0, retried: 0, dropped: 0 };
  const shards = (q: FakeQueue) =>
    q.shards ?? { current: 1, desired: 1, max: 10 };
  const aboveZero = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).filter(([, v]) => v > 0));
  return {
    timestamps: vectorBody([
      ...Object.entries(lastSeen).map(([cluster, seen]) =>
        sample(at, { ...server(cluster), quantity: 'highest_appended' }, seen),
      ),
      ...queues
        .filter(q => q.cluster in lastSeen)
        .map(q =>
          sample(
            at,
            { ...server(q.cluster), ...labels(q), quantity: 'highest_sent' },
            lastSeen[q.cluster] - (q.lag ?? 1),
          ),
        ),
    ]),
    current: tagged(q => ({ shards: shards(q).current, pending: 0 })),
    shardLimits: tagged(q => ({
      desired_shards: shards(q).desired,
      max_shards: shards(q).max,
    })),
    sentAndFailed: tagged(q => ({
      sent: rates(q).sent,
      ...aboveZero({ failed: rates(q).failed }),
    })),
    retriedAndDropped: tagged(q =>
      aboveZero({ retried: rates(q).retried, dropped: rates(q).dropped }),
    ),
    receiver: vectorBody([
      ...rulesInfoSample(state),
      ...Object.entries(scrapes).flatMap(([cluster, scraped]) =>
        Object.entries({
          ...aboveZero({
            targets_up: scraped.up,
            targets_down: scraped.down ?? 0,
          }),
          series_per_scrape: scraped.seriesPerScrape,
          newest_sample: scraped.newest,
        }).map(([quantity, value]) => sample(at, { cluster, quantity }, value)),
      ),
    ]),
  };
}

/** The global's state without the clusters the rules have not recorded yet. */
function recordedPart(state: FakeGlobalState): FakeGlobalState {
  const unrecorded = new Set(state.unrecorded);
  if (state.rules?.rulesInfoOnly) unrecorded.add('*');
  const kept = (cluster: string) =>
    !unrecorded.has(cluster) && !unrecorded.has('*');
  const pick = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).filter(([c]) => kept(c)));
  return {
    ...state,
    queues: state.queues.filter(q => kept(q.cluster)),
    lastSeen: pick(state.lastSeen),
    scrapes: pick(scrapesOf(state)),
  };
}

/**
 * What the recorded queries read from a global that evaluates the generated
 * rules in this state: the raw answers, recorded per queue or cluster.
 */
export function recordedHealthBodies(
  state: FakeGlobalState,
): Record<RecordedQueueHealthQuery['id'], unknown> {
  const recorded = recordedPart(state);
  const raw = queueHealthBodies(recorded);
  const resultOf = (id: QueueHealthQueryId): any[] =>
    (raw[id] as ReturnType<typeof vectorBody>).data.result;
  const lags = recorded.queues
    .filter(q => q.cluster in recorded.lastSeen)
    .map(q =>
      sample(
        state.at,
        {
          cluster: q.cluster,
          remote_name: q.remoteName,
          url: q.url,
          quantity: 'lag',
        },
        q.lag ?? 1,
      ),
    );
  const lastReports = Object.entries(recorded.lastSeen).map(([cluster, seen]) =>
    sample(state.at, { cluster, quantity: 'last_report' }, seen),
  );
  return {
    recordedQueues: vectorBody([
      ...resultOf('current'),
      ...resultOf('shardLimits'),
      ...resultOf('sentAndFailed'),
      ...resultOf('retriedAndDropped'),
    ]),
    recordedClusters: vectorBody([
      ...lags,
      ...lastReports,
      ...resultOf('receiver'),
      ...rulesInfoSample(state),
    ]),
  };
}

/** The clusters a restricted query's `cluster=~"…"` matcher picks. */
function clustersOf(promql: string): Set<string> {
  const matcher = /cluster=~("(?:[^"\\]|\\.)*")/.exec(promql);
  if (!matcher) throw new Error(`No cluster matcher in ${promql}`);
  const regex: string = JSON.parse(matcher[1]);
  return new Set(regex.split('|').map(c => c.replace(/\\(.)/g, '$1')));
}

/** The fallback's answer: the raw series of the clusters it names, in one vector. */
function unrecordedEdgesBody(state: FakeGlobalState, promql: string) {
  const clusters = clustersOf(promql);
  const raw = queueHealthBodies({
    ...state,
    queues: state.queues.filter(q => clusters.has(q.cluster)),
    lastSeen: Object.fromEntries(
      Object.entries(state.lastSeen).filter(([c]) => clusters.has(c)),
    ),
    scrapes: Object.fromEntries(
      Object.entries(scrapesOf(state)).filter(([c]) => clusters.has(c)),
    ),
  });
  return vectorBody(
    Object.values(raw).flatMap(
      body => (body as ReturnType<typeof vectorBody>).data.result,
    ),
  );
}

/** Any query of a cycle: raw, recorded, or the recorded path's fallback. */
export type FakeQueryId =
  | QueueHealthQueryId
  | RecordedQueueHealthQuery['id']
  | 'unrecordedEdges';

/** Tells which of the cycle's queries a request carries. */
export function queryIdOf(
  windows: QueryWindows,
): (query: ReceivedQuery) => FakeQueryId {
  const byPromql = new Map<string, FakeQueryId>([
    ...buildQueueHealthQueries({
      window: windows.windowSeconds,
      lastSeenWindow: windows.lastSeenWindowSeconds,
    }).map(q => [q.promql, q.id] as const),
    ...RECORDED_QUEUE_HEALTH_QUERIES.map(q => [q.promql, q.id] as const),
  ]);
  return query => {
    const promql = query.params.get('query') ?? '';
    const id = byPromql.get(promql);
    if (id) return id;
    if (promql.includes('cluster=~')) return 'unrecordedEdges';
    throw new Error(`Unexpected query ${promql}`);
  };
}

/**
 * Answers each query from the state, except the queries given their own
 * responder (to inject a fault into some of them).
 */
export function fakeGlobal(
  windows: QueryWindows,
  state: () => FakeGlobalState,
  overrides: Partial<Record<FakeQueryId, FakeResponder>> = {},
): FakeResponder {
  const idOf = queryIdOf(windows);
  return (query, res) => {
    const id = idOf(query);
    const override = overrides[id];
    if (override) {
      override(query, res);
      return;
    }
    const now = state();
    let body: unknown;
    if (id === 'unrecordedEdges') {
      body = unrecordedEdgesBody(now, query.params.get('query')!);
    } else if (id === 'recordedQueues' || id === 'recordedClusters') {
      // Without rules, the recorded series are simply not there.
      body = now.rules ? recordedHealthBodies(now)[id] : vectorBody();
    } else {
      body = queueHealthBodies(now)[id];
    }
    answerJson(body)(query, res);
  };
}
