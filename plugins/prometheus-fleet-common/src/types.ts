import type { FleetEngine } from './engines';
import type { HealthThresholds } from './health/thresholds';

/** @public */
export type ClusterRole = 'global' | 'edge';

/** @public */
export type RemoteWriteAuth =
  | { type: 'none' }
  | { type: 'basic'; secretName: string }
  | { type: 'bearer'; secretName: string }
  | { type: 'mtls'; secretName: string };

/**
 * The remote-write protocol edges send to a global with: `v2` is Remote-Write
 * 2.0, which needs Prometheus 3.0 or later at both ends.
 *
 * @public
 */
export type RemoteWriteProtocol = 'v1' | 'v2';

/**
 * Every way an entity's fleet mapping can be wrong. Codes are stable: docs,
 * the CLI and the frontend key on them.
 *
 * @public
 */
export type ProblemCode =
  | 'not-a-cluster'
  | 'unknown-role'
  | 'invalid-entity-ref'
  | 'edge-without-global'
  | 'ambiguous-global'
  | 'global-not-found'
  | 'global-ref-not-global'
  | 'global-not-ready'
  | 'missing-remote-write-url'
  | 'invalid-remote-write-url'
  | 'invalid-remote-write-auth'
  | 'invalid-remote-write-secret'
  | 'invalid-remote-write-protocol'
  | 'duplicate-cluster-label'
  | 'invalid-cluster-label'
  | 'invalid-tenant'
  | 'invalid-max-shards'
  | 'max-shards-below-min-shards'
  | 'invalid-series-budget'
  | 'missing-query-endpoint'
  | 'unknown-query-endpoint'
  | 'invalid-engine'
  | 'engine-mismatch'
  | 'misplaced-annotation';

/**
 * Problems seen in what the globals receive rather than in the catalog: an
 * edge running other remote-write settings than its generated values
 * (`remote-write-drift`), or a `cluster` label at a global that no catalog
 * cluster declares (`orphan-cluster`), or an edge whose series arrive at
 * another global than its own (`misrouted-edge`) or in another tenant of
 * its global than its values name (`tenant-mismatch`). They come from the
 * queue-health poll.
 *
 * @public
 */
export type ObservedProblemCode =
  | 'remote-write-drift'
  | 'orphan-cluster'
  | 'misrouted-edge'
  | 'tenant-mismatch';

/** Every problem code `GET /problems` can return. @public */
export type FleetProblemCode = ProblemCode | ObservedProblemCode;

/** @public */
export interface ClusterProblem {
  code: ProblemCode;
  message: string;
  /** `error` blocks values generation; `warning` does not. */
  severity: 'error' | 'warning';
}

/** A catalog cluster with its resolved place in the fleet. @public */
export interface FleetCluster {
  /** Full entity ref, e.g. `resource:default/edge-eu-1`. */
  ref: string;
  namespace: string;
  name: string;
  title?: string;
  role: ClusterRole;
  /** Entity ref of the global an edge writes to, when it could be resolved. */
  global?: string;
  /** Value of the `cluster` label every series of this cluster carries. */
  clusterLabel: string;
  /** Entity ref of the owner (`group:default/platform`), when set. */
  owner?: string;
  /**
   * Edge only: its tenant at the global, sent in the tenant header of the
   * global's engine (`X-Scope-OrgID` for Mimir and Cortex, `THANOS-TENANT`
   * for Thanos; as `X-Scope-OrgID` to a Prometheus or VictoriaMetrics, which
   * ignore it). Unset: the engine's default tenant, if it has one.
   */
  tenant?: string;
  /** Edge only: overrides the configured `queueConfig.maxShards`. */
  maxShards?: number;
  /** Edge only: series per scrape above which the edge is `warning`. */
  seriesBudget?: number;
  /** Global only. */
  remoteWriteUrl?: string;
  /** Global only. */
  remoteWriteAuth?: RemoteWriteAuth;
  /** Global only: the protocol its edges write with; `v1` unless set to `v2`. */
  remoteWriteProtocol?: RemoteWriteProtocol;
  /** Global only: name of a configured query endpoint. */
  queryEndpoint?: string;
  /**
   * Global only: what runs it, from its query endpoint's `engine` in
   * app-config, else its `prometheus-fleet.io/engine` annotation, else
   * `prometheus`. Unset when an invalid annotation leaves it unknown.
   */
  engine?: FleetEngine;
  problems: ClusterProblem[];
}

/** An entity that asks to be in the fleet but cannot be. @public */
export interface RejectedEntity {
  ref: string;
  namespace: string;
  name: string;
  owner?: string;
  problems: ClusterProblem[];
}

/** A problem with the entity it belongs to. @public */
export interface FleetProblem extends ClusterProblem {
  ref: string;
}

/**
 * A problem the poll observed at a global, with the entity it belongs to: the
 * drifting or misrouted edge, or the global receiving an orphan label.
 *
 * @public
 */
export interface ObservedProblem {
  ref: string;
  code: ObservedProblemCode;
  message: string;
  /** Observed problems never block values generation. */
  severity: 'warning';
}

/** @public */
export interface Fleet {
  clusters: FleetCluster[];
  rejected: RejectedEntity[];
  /** Every problem of every entity, clusters first in catalog order. */
  problems: FleetProblem[];
}

/**
 * Remote-write queue tuning, as the Prometheus Operator's `QueueConfig`.
 *
 * @public
 */
export interface QueueConfig {
  capacity?: number;
  minShards?: number;
  maxShards?: number;
  maxSamplesPerSend?: number;
  batchSendDeadline?: string;
  minBackoff?: string;
  maxBackoff?: string;
  retryOnRateLimit?: boolean;
  sampleAgeLimit?: string;
}

/** @public */
export interface ValuesOptions {
  /** kube-prometheus-stack chart version the values are written for. */
  chartVersion?: string;
  /** Fleet-wide queue tuning; an edge's max-shards annotation wins. */
  queueConfig?: QueueConfig;
  /** Helm release name. */
  releaseName?: string;
  /** Kubernetes namespace of the release. */
  namespace?: string;
  /**
   * Thresholds of the alerts in a global's values, in seconds; unset ones
   * follow the Prometheus mixin (`DEFAULT_THRESHOLDS`).
   */
  thresholds?: Partial<Pick<HealthThresholds, 'lagCritical' | 'silentAfter'>>;
  /** A global's alerting and recording rules; on unless `enabled` is false. */
  rules?: { enabled?: boolean };
  /**
   * How long, in seconds, a new edge may stay without reporting before
   * `PrometheusFleetEdgeSilent` fires for it, as the poller's `pending`
   * state lasts; unset: `DEFAULT_ONBOARDING_GRACE_SECONDS`.
   */
  onboarding?: { gracePeriod?: number };
  /**
   * The engine of each query endpoint that sets one in app-config
   * (`prometheusFleet.queryEndpoints[].engine`), by endpoint name, as
   * `readValuesOptionsConfig` reads it. Values do not read it themselves:
   * pass it to resolution (`ResolveFleetOptions.queryEndpointEngines`), and
   * values follow the engine resolution puts on each global.
   */
  queryEndpointEngines?: Readonly<Record<string, FleetEngine>>;
  /**
   * Base URL of the Backstage app (`app.baseUrl`), without a trailing slash:
   * alerts link to the edge's Monitoring tab under it, and carry no link
   * without it.
   */
  appBaseUrl?: string;
}

/** @public */
export interface GeneratedValues {
  ref: string;
  role: ClusterRole;
  clusterLabel: string;
  chartVersion: string;
  /** The values as a plain object (what `format=json` returns). */
  values: Record<string, unknown>;
  /** The values as commented YAML. */
  yaml: string;
  /** File name users save the values under. */
  fileName: string;
  /**
   * `helm upgrade --install …` for these values; for a global that is not a
   * Prometheus (`onboarding` set), a shell comment saying there is nothing
   * to install.
   */
  helmCommand: string;
  /**
   * The engine of the global these values belong to (a global's own, an
   * edge's global's); absent for a Prometheus global.
   */
  engine?: FleetEngine;
  /**
   * A global that is not a Prometheus only: what to configure on its engine,
   * in a few sentences, instead of installing values (its `values` are
   * empty and its YAML holds only comments).
   */
  onboarding?: string;
}

/** @public */
export interface ResolveFleetOptions {
  /**
   * Names of the configured query endpoints. When given, a global naming any
   * other endpoint gets an `unknown-query-endpoint` problem; when omitted (the
   * CLI without app-config) endpoint names are not checked.
   */
  queryEndpoints?: readonly string[];
  /**
   * The engine of the configured query endpoints that set one, by endpoint
   * name (`ValuesOptions.queryEndpointEngines`). A global's engine is its
   * endpoint's: the one given here, else `prometheus` for an endpoint named
   * in `queryEndpoints`; its `prometheus-fleet.io/engine` annotation must
   * then agree (else `engine-mismatch`). A global whose endpoint's engine is
   * not known this way takes the annotation's, else `prometheus`.
   */
  queryEndpointEngines?: Readonly<Record<string, FleetEngine>>;
  /**
   * The fleet-wide queue tuning values are generated with
   * (`ValuesOptions.queueConfig`). When given, an edge whose max-shards
   * annotation is below its `minShards` gets a `max-shards-below-min-shards`
   * problem.
   */
  queueConfig?: QueueConfig;
}
