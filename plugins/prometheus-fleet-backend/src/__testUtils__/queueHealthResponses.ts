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
} from './fakePrometheus';

/** One edge's queue as a fake global reports it. */
export interface FakeQueue {
  cluster: string;
  remoteName: string;
  url: string;
  lag?: number;
  shards?: { current: number; desired: number; max: number };
  rates?: { sent: number; failed: number; retried: number; dropped: number };
}

export interface FakeGlobalState {
  /** Evaluation time, epoch seconds. */
  at: number;
  queues: FakeQueue[];
  /** Newest sample per cluster label, epoch seconds. */
  lastSeen: Record<string, number>;
}

const sample = (at: number, metric: Record<string, string>, value: number) => ({
  metric,
  value: [at, String(value)],
});

/** The instant-vector bodies a global in this state answers each query with. */
export function queueHealthBodies(
  state: FakeGlobalState,
): Record<QueueHealthQueryId, unknown> {
  const { at, queues } = state;
  const labels = (q: FakeQueue) => ({
    cluster: q.cluster,
    remote_name: q.remoteName,
    url: q.url,
  });
  const tagged = (q: FakeQueue, values: Record<string, number>) =>
    Object.entries(values).map(([quantity, value]) =>
      sample(at, { ...labels(q), quantity }, value),
    );
  return {
    lag: vectorBody(queues.map(q => sample(at, labels(q), q.lag ?? 1))),
    shards: vectorBody(
      queues.flatMap(q =>
        tagged(q, q.shards ?? { current: 1, desired: 1, max: 10 }),
      ),
    ),
    pending: vectorBody(queues.map(q => sample(at, labels(q), 0))),
    rates: vectorBody(
      queues.flatMap(q =>
        tagged(q, q.rates ?? { sent: 50, failed: 0, retried: 0, dropped: 0 }),
      ),
    ),
    lastSeen: vectorBody(
      Object.entries(state.lastSeen).map(([cluster, seen]) =>
        sample(at, { cluster }, seen),
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
