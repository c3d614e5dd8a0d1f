import { ANNOTATION_MAX_SHARDS } from './annotations';
import { ClusterProblem, FleetCluster, QueueConfig } from './types';

/**
 * The problem of an edge whose max-shards annotation is below the fleet-wide
 * `queueConfig.minShards`, if it is: its queue would be told to keep more
 * shards than it may run, which nothing downstream reports.
 */
export function maxShardsBelowMinShards(
  edge: Pick<FleetCluster, 'maxShards'>,
  queueConfig: QueueConfig | undefined,
): ClusterProblem | undefined {
  const { maxShards } = edge;
  const minShards = queueConfig?.minShards;
  if (maxShards === undefined || minShards === undefined) return undefined;
  if (maxShards >= minShards) return undefined;
  return {
    code: 'max-shards-below-min-shards',
    message: `Annotation ${ANNOTATION_MAX_SHARDS} is ${maxShards}, below the fleet-wide minShards of ${minShards} (prometheusFleet.remoteWrite.queueConfig in app-config): the queue would run at least ${minShards} shards and at most ${maxShards}.`,
    severity: 'error',
  };
}
