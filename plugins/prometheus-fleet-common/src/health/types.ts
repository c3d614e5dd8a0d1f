import { QueueHealthQueryId } from './queries';

/** One remote-write queue of an edge, as its global last saw it. @public */
export interface EdgeQueueSample {
  remoteName: string;
  url: string;
  /** Highest timestamp enqueued minus highest timestamp sent, in seconds. */
  lagSeconds: number | null;
  shards: {
    current: number | null;
    desired: number | null;
    max: number | null;
  };
  pendingSamples: number | null;
  /** Samples per second. */
  sentRate: number | null;
  failedRate: number | null;
  retriedRate: number | null;
  droppedRate: number | null;
}

/** Everything one poll cycle learnt about one edge. @public */
export interface EdgeSamples {
  /** Value of the edge's `cluster` label. */
  cluster: string;
  queues: EdgeQueueSample[];
  /** Epoch seconds of the newest sample its global holds from this cluster. */
  lastSeen: number | null;
  /** Queries of the cycle that failed, so their numbers are unknown, not absent. */
  failedQueries: QueueHealthQueryId[];
}

/** Why one query of the cycle gave no data. @public */
export interface QueueQueryFailure {
  query: QueueHealthQueryId;
  /**
   * `no-response`: the request failed (nothing to parse). `query-error`:
   * Prometheus answered with `status: error`. `invalid-response`: the body is
   * not an instant-vector query response.
   */
  kind: 'no-response' | 'query-error' | 'invalid-response';
  message: string;
}

/** The parsed responses of one poll cycle of one global. @public */
export interface QueueHealthObservation {
  /** By `cluster` label: every cluster the global holds queue metrics or samples for. */
  edges: Map<string, EdgeSamples>;
  failures: QueueQueryFailure[];
}
