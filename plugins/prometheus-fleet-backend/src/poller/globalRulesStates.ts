import { Fleet } from 'backstage-plugin-prometheus-fleet-common';
import { QueryWindows } from '../config';
import { GlobalRulesRecord } from '../store/types';
import { EndpointPoll, rulesStateOf } from './pollEndpoint';

/**
 * Whether each Prometheus global whose endpoint could tell this cycle
 * evaluates the generated rules. Other engines get no rules from the fleet:
 * nothing is said of them.
 */
export function globalRulesStates(
  fleet: Fleet,
  polls: readonly EndpointPoll[],
  windows: QueryWindows,
): GlobalRulesRecord[] {
  const byEndpoint = new Map(polls.map(poll => [poll.endpoint, poll]));
  return fleet.clusters.flatMap(cluster => {
    if (cluster.role !== 'global' || !cluster.queryEndpoint) return [];
    if (cluster.engine && cluster.engine !== 'prometheus') return [];
    const state = rulesStateOf(byEndpoint.get(cluster.queryEndpoint), windows);
    return state ? [{ ref: cluster.ref, state }] : [];
  });
}
