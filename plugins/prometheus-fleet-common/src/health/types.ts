import type { FleetRulesInfo } from '../rules/rulesInfo';
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

/**
 * What a global holds of one cluster's scrapes, from the `up` and
 * `scrape_samples_post_metric_relabeling` series every scraper forwards.
 *
 * @public
 */
export interface ReceiverSamples {
  targetsUp: number;
  targetsDown: number;
  /** Series the cluster's targets gave in their last scrape, after relabelling. */
  seriesPerScrape: number | null;
  /** Epoch seconds of the newest `up` sample: when the newest scrape received was taken. */
  newestSample: number | null;
}

/** Everything one poll cycle learnt about one edge. @public */
export interface EdgeSamples {
  /** Value of the edge's `cluster` label. */
  cluster: string;
  queues: EdgeQueueSample[];
  /**
   * Epoch seconds of the newest sample its global holds from this cluster:
   * the highest timestamp its queues reported, or else its newest scrape.
   */
  lastSeen: number | null;
  /** Null when the `receiver` query was not answered. */
  receiver: ReceiverSamples | null;
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
  /** By `cluster` label: every cluster the global holds queue metrics, samples or scrape targets for. */
  edges: Map<string, EdgeSamples>;
  failures: QueueQueryFailure[];
  /**
   * What the global's `prometheus_fleet:rules_info` series says: null when
   * the query that reads it answered without it (the global does not
   * evaluate the generated rules), absent when that query failed.
   */
  rulesInfo?: FleetRulesInfo | null;
}
