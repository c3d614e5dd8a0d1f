import {
  FleetCluster,
  hasBlockingProblems,
} from 'backstage-plugin-prometheus-fleet-common';
import { EndpointPoll } from './pollEndpoint';

/** A global whose query endpoint answered this cycle. */
export interface PolledGlobal {
  global: FleetCluster;
  poll: EndpointPoll & Required<Pick<EndpointPoll, 'observation'>>;
}

/**
 * The globals of the fleet whose query endpoint answered this cycle, once
 * per tenant read there.
 */
export function polledGlobals(
  clusters: readonly FleetCluster[],
  polls: ReadonlyMap<string, EndpointPoll>,
): PolledGlobal[] {
  const answered = [...polls.values()].filter(
    (poll): poll is PolledGlobal['poll'] => poll.observation !== undefined,
  );
  return clusters.flatMap(global =>
    global.role === 'global' && global.queryEndpoint
      ? answered
          .filter(poll => poll.endpoint === global.queryEndpoint)
          .map(poll => ({ global, poll }))
      : [],
  );
}

/** Only a complete answer from the edge's own poll proves it holds nothing from it. */
function provesAbsence(edge: FleetCluster, own: EndpointPoll): boolean {
  return (
    !!own.observation &&
    !own.observation.failures.length &&
    !own.observation.edges.has(edge.clusterLabel) &&
    !hasBlockingProblems(edge)
  );
}

/**
 * Another tenant of the edge's own global where its series arrive, when its
 * own tenant holds none: its values name one tenant, its agent writes as
 * another. A tenant where a catalog edge of that tenant has the same label
 * holds that edge's series, not this one's.
 */
export function inOtherTenant(
  edge: FleetCluster,
  ownPoll: EndpointPoll,
  globals: readonly PolledGlobal[],
  declaredIn: (poll: EndpointPoll) => ReadonlySet<string>,
): PolledGlobal | undefined {
  if (ownPoll.tenant === undefined || !provesAbsence(edge, ownPoll)) {
    return undefined;
  }
  return globals.find(
    ({ poll }) =>
      poll.endpoint === ownPoll.endpoint &&
      poll.tenant !== ownPoll.tenant &&
      poll.observation.edges.has(edge.clusterLabel) &&
      !declaredIn(poll).has(edge.clusterLabel),
  );
}

/**
 * The other global an edge's series arrive at, when its own global holds
 * nothing from it. Only a complete answer from its own global proves the
 * absence: a failed query could be the one that would have found it. Globals
 * polled through the edge's own endpoint see what its global sees, so they
 * are not another global. An edge with blocking problems has no values to
 * write anywhere by, so it is not misrouted.
 */
export function misroutedTo(
  edge: FleetCluster,
  ownPoll: EndpointPoll,
  globals: readonly PolledGlobal[],
): PolledGlobal | undefined {
  if (!provesAbsence(edge, ownPoll)) return undefined;
  return globals.find(
    ({ poll }) =>
      poll.endpoint !== ownPoll.endpoint &&
      poll.observation.edges.has(edge.clusterLabel),
  );
}
