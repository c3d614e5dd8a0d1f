import {
  buildQueueHealthQueries,
  QueueHealthQueryId,
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

/** The instant-vector bodies a global in this state answers each query with. */
export function queueHealthBodies(
  state: FakeGlobalState,
): Record<QueueHealthQueryId, unknown> {
  const { at, queues, lastSeen } = state;
  const scrapes: Record<string, FakeScrapes> =
    state.scrapes ??
    Object.fromEntries(
      Object.entries(lastSeen).map(([cluster, seen]) => [
        cluster,
        { up: 1, seriesPerScrape: 100, newest: seen },
      ]),
    );
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
    receiver: vectorBody(
      Object.entries(scrapes).flatMap(([cluster, scraped]) =>
        Object.entries({
          ...aboveZero({
            targets_up: scraped.up,
            targets_down: scraped.down ?? 0,
          }),
          series_per_scrape: scraped.seriesPerScrape,
          newest_sample: scraped.newest,
        }).map(([quantity, value]) => sample(at, { cluster, quantity }, value)),
      ),
    ),
  };
}

/** Tells which of the cycle's queries a request carries. */
export function queryIdOf(
  windows: QueryWindows,
): (query: ReceivedQuery) => QueueHealthQueryId {
  const byPromql = new Map(
    buildQueueHealthQueries({
      window: windows.windowSeconds,
      lastSeenWindow: windows.lastSeenWindowSeconds,
    }).map(q => [q.promql, q.id]),
  );
  return query => {
    const id = byPromql.get(query.params.get('query') ?? '');
    if (!id) throw new Error(`Unexpected query ${query.params.get('query')}`);
    return id;
  };
}

/**
 * Answers each query from the state, except the queries given their own
 * responder (to inject a fault into some of them).
 */
export function fakeGlobal(
  windows: QueryWindows,
  state: () => FakeGlobalState,
  overrides: Partial<Record<QueueHealthQueryId, FakeResponder>> = {},
): FakeResponder {
  const idOf = queryIdOf(windows);
  return (query, res) => {
    const id = idOf(query);
    const override = overrides[id];
    if (override) {
      override(query, res);
    } else {
      answerJson(queueHealthBodies(state())[id])(query, res);
    }
  };
}
