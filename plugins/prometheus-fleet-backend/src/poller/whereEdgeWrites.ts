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

/** The globals of the fleet whose query endpoint answered this cycle. */
export function polledGlobals(
  clusters: readonly FleetCluster[],
  polls: ReadonlyMap<string, EndpointPoll>,
): PolledGlobal[] {
  return clusters.flatMap(global => {
    const poll =
      global.role === 'global' && global.queryEndpoint
        ? polls.get(global.queryEndpoint)
        : undefined;
    return poll?.observation
      ? [{ global, poll: { ...poll, observation: poll.observation } }]
      : [];
  });
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
  const own = ownPoll.observation;
  if (
    !own ||
    own.failures.length ||
    own.edges.has(edge.clusterLabel) ||
    hasBlockingProblems(edge)
  ) {
    return undefined;
  }
  return globals.find(
    ({ poll }) =>
      poll.endpoint !== ownPoll.endpoint &&
      poll.observation.edges.has(edge.clusterLabel),
  );
}
