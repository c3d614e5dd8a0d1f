import { Fleet } from 'backstage-plugin-prometheus-fleet-common';
import { QueryWindows } from '../config';
import { GlobalRulesRecord } from '../store/types';
import { EndpointPoll, rulesStateOf } from './pollEndpoint';

/** Whether each global whose endpoint could tell this cycle evaluates the generated rules. */
export function globalRulesStates(
  fleet: Fleet,
  polls: readonly EndpointPoll[],
  windows: QueryWindows,
): GlobalRulesRecord[] {
  const byEndpoint = new Map(polls.map(poll => [poll.endpoint, poll]));
  return fleet.clusters.flatMap(cluster => {
    if (cluster.role !== 'global' || !cluster.queryEndpoint) return [];
    const state = rulesStateOf(byEndpoint.get(cluster.queryEndpoint), windows);
    return state ? [{ ref: cluster.ref, state }] : [];
  });
}
