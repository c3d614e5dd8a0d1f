import {
  ClusterView,
  FleetProblem,
  HealthStatus,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  EDGE_STATUSES_WORST_FIRST,
  EdgeStatus,
  NOT_POLLED,
  statusRank,
} from './healthStatuses';
import { errorsFirst, toProblemOutput } from './problems';

/** Edges and problems listed by default, and at most. */
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

export interface FleetHealthScope {
  /** Ref of the global whose edges (and itself) are in scope. */
  global?: string;
  /** Whether a cluster's owner is in scope. */
  owner?: (owner?: string) => boolean;
  /** Lists only the edges of this status; counts and problems stay whole. */
  status?: HealthStatus;
  limit: number;
}

const statusOf = (cluster: ClusterView): EdgeStatus =>
  cluster.health?.status ?? NOT_POLLED;

/** Worst first; then the furthest behind; then by ref. */
function worstFirst(a: ClusterView, b: ClusterView): number {
  return (
    statusRank(statusOf(a)) - statusRank(statusOf(b)) ||
    (b.health?.lagSeconds ?? -1) - (a.health?.lagSeconds ?? -1) ||
    a.ref.localeCompare(b.ref, 'en')
  );
}

function toEdgeOutput(edge: ClusterView) {
  return {
    ref: edge.ref,
    ...(edge.title ? { title: edge.title } : {}),
    ...(edge.global ? { global: edge.global } : {}),
    ...(edge.owner ? { owner: edge.owner } : {}),
    clusterLabel: edge.clusterLabel,
    status: statusOf(edge),
    reasons: (edge.health?.reasons ?? []).map(({ code, message }) => ({
      code,
      message,
    })),
    lagSeconds: edge.health?.lagSeconds ?? null,
    lastSeen: edge.health?.lastSeen ?? null,
    ...(edge.health ? { observedAt: edge.health.observedAt } : {}),
  };
}

/**
 * The fleet health a caller sees, within a scope: counts of its edges by
 * status, the worst edges with their reasons, and the problems of the
 * clusters in scope (of every entity when the scope is the whole fleet).
 */
export function summarizeFleetHealth(
  clusters: ClusterView[],
  problems: Array<FleetProblem | ObservedProblem>,
  scope: FleetHealthScope,
) {
  const inScope = clusters.filter(
    cluster =>
      (!scope.global ||
        cluster.ref === scope.global ||
        cluster.global === scope.global) &&
      (!scope.owner || scope.owner(cluster.owner)),
  );
  const edges = inScope.filter(cluster => cluster.role === 'edge');

  const counts = Object.fromEntries(
    EDGE_STATUSES_WORST_FIRST.map(status => [status, 0]),
  ) as Record<EdgeStatus, number>;
  for (const edge of edges) counts[statusOf(edge)] += 1;

  const listed = edges
    .filter(edge => !scope.status || statusOf(edge) === scope.status)
    .sort(worstFirst);

  const refsInScope = new Set(inScope.map(cluster => cluster.ref));
  const scopedProblems = errorsFirst(
    scope.global || scope.owner
      ? problems.filter(problem => refsInScope.has(problem.ref))
      : problems,
  );

  return {
    edgeCount: edges.length,
    counts,
    matchingEdgeCount: listed.length,
    edges: listed.slice(0, scope.limit).map(toEdgeOutput),
    problemCount: scopedProblems.length,
    problems: scopedProblems.slice(0, scope.limit).map(toProblemOutput),
  };
}
