import type { FleetEngine } from './engines';
import type { HealthThresholds } from './health/thresholds';
import {
  ClusterProblem,
  ClusterRole,
  FleetProblem,
  ObservedProblem,
} from './types';

/**
 * One fleet cluster in the REST API's paths, `/clusters/:namespace/:name`:
 * its Resource entity's namespace and name (the kind is always Resource).
 *
 * @public
 */
export interface ClusterKey {
  namespace: string;
  name: string;
}

/**
 * An edge's health. `pending` ("awaiting first data") is neutral: an edge
 * that joined the fleet less than its onboarding grace period ago and has
 * never reported; it reads `silent` after the grace period.
 *
 * @public
 */
export type HealthStatus =
  | 'healthy'
  | 'pending'
  | 'warning'
  | 'critical'
  | 'silent'
  | 'unknown';

/**
 * Why an edge has the health it has. Codes are stable: docs and the frontend
 * key on them, never on the message.
 *
 * - `lag-over-warning`, `lag-over-critical`: the queue is that far behind.
 * - `samples-failed`: more than 1 % of samples failed to send.
 * - `samples-retried`: sends are being retried.
 * - `desired-shards-over-max`: Prometheus wants more shards than it may run.
 * - `queue-not-found`: no queue has the name the generated values give it.
 * - `no-queue-metrics`: the global holds samples but no queue metrics from the edge.
 * - `series-over-budget`: the edge's series per scrape exceed its `series-budget` annotation.
 * - `misrouted`: the edge's series arrive at another global than its own; its
 *   health is read there.
 * - `query-failed`: a query of the cycle failed, so something was not judged.
 * - `no-sample`: nothing received for longer than `silentAfter`.
 * - `never-seen`: the global holds no sample from the edge at all.
 * - `awaiting-first-data`: the edge joined the fleet within its onboarding
 *   grace period and has never reported: its agent is not installed yet.
 * - `global-not-configured`: there is no query endpoint to poll the edge's global through.
 * - `global-unreachable`: the global's query endpoint failed every query.
 * - `not-onboarded`: the edge has blocking fleet problems, so no values exist for it.
 * - `unrecorded`: recorded by a version before reasons had codes; the message is kept.
 *
 * A silent edge keeps what its queues last reported as reasons with their
 * own codes, the message prefixed `last reported: `.
 *
 * @public
 */
export type HealthReasonCode =
  | 'lag-over-warning'
  | 'lag-over-critical'
  | 'samples-failed'
  | 'samples-retried'
  | 'desired-shards-over-max'
  | 'queue-not-found'
  | 'no-queue-metrics'
  | 'series-over-budget'
  | 'misrouted'
  | 'wrong-tenant'
  | 'query-failed'
  | 'no-sample'
  | 'never-seen'
  | 'awaiting-first-data'
  | 'global-not-configured'
  | 'global-unreachable'
  | 'not-onboarded'
  | 'unrecorded';

/** One reason for an edge's health: a stable code and a sentence. @public */
export interface HealthReason {
  code: HealthReasonCode;
  message: string;
}

/**
 * What an edge's global holds of the edge's scrapes, whoever sent them: the
 * receiver's side of the queue.
 *
 * @public
 */
export interface ReceiverView {
  /** Scrape targets whose newest `up` is 1. */
  targetsUp: number;
  /** Scrape targets whose newest `up` is 0. */
  targetsDown: number;
  /** Series the targets gave in their last scrape, after relabelling, summed. */
  seriesPerScrape: number | null;
  /** ISO 8601: when the newest scrape the global received was taken. */
  newestSampleAt: string | null;
}

/** Remote-write queue health of one edge, as polled from its global. @public */
export interface QueueHealth {
  status: HealthStatus;
  reasons: HealthReason[];
  lagSeconds: number | null;
  shards: {
    current: number | null;
    desired: number | null;
    max: number | null;
  };
  pendingSamples: number | null;
  failedRate: number | null;
  retriedRate: number | null;
  droppedRate: number | null;
  /** ISO 8601: when the global last received a sample from this cluster. */
  lastSeen: string | null;
  /** ISO 8601: when this health was computed. */
  observedAt: string;
  /** Absent when the global could not be asked, or was polled before this existed. */
  receiver?: ReceiverView;
}

/**
 * Whether a global evaluates the generated rules, as its
 * `prometheus_fleet:rules_info` series says:
 *
 * - `running`: it does, and its edges are polled through the recorded series;
 * - `mismatch`: it evaluates rules of another generation or other windows
 *   than this backend's (older values): its edges are polled raw;
 * - `absent`: it does not, so the alerts without Backstage do not run there
 *   either: its edges are polled raw.
 *
 * @public
 */
export type GlobalRulesState = 'running' | 'mismatch' | 'absent';

/** @public */
export interface GlobalRulesView {
  state: GlobalRulesState;
  /** ISO 8601: the poll that saw it. */
  observedAt: string;
}

/** A fleet cluster as the REST API returns it. @public */
export interface ClusterView {
  ref: string;
  namespace: string;
  name: string;
  title?: string;
  role: ClusterRole;
  global?: string;
  /** False when the caller may not read the global: show its ref, without a link or details. */
  globalReadable?: false;
  clusterLabel: string;
  owner?: string;
  /** Edges only, when the catalog names one (`prometheus-fleet.io/tenant`). */
  tenant?: string;
  /** Globals only: what runs it, when known (`FleetCluster.engine`). */
  engine?: FleetEngine;
  problems: ClusterProblem[];
  health?: QueueHealth;
  /** Globals only, once a poll could tell. */
  rules?: GlobalRulesView;
}

/** @public */
export interface ClusterListResponse {
  items: ClusterView[];
}

/**
 * What `GET /problems` returns: the catalog mapping problems followed by the
 * problems the last poll observed at the globals.
 *
 * @public
 */
export interface FleetProblemListResponse {
  items: Array<FleetProblem | ObservedProblem>;
}

/**
 * What `GET /clusters/:namespace/:name/health` returns: the latest health
 * and the history in the range asked for.
 *
 * @public
 */
export interface ClusterHealthResponse {
  latest?: QueueHealth;
  history: QueueHealth[];
  /** ISO 8601: the range the history is from. */
  from: string;
  to: string;
  /** What the history was classified with, to draw the lag bands. */
  thresholds: HealthThresholds;
  /** Points in the range before downsampling. */
  totalPoints: number;
  /** True when the range held more points than the response carries. */
  downsampled: boolean;
}
