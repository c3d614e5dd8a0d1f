import { Entity } from '@backstage/catalog-model';
import {
  generateValues,
  indexFleet,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';

export interface ValuesThroughput {
  clusters: number;
  /** Best of the rounds: the first pays for JIT warm-up. */
  valuesPerSecond: number;
  resolveMs: number;
}

/** Generates every cluster's values (object and commented YAML), as the values endpoint does per request. */
export function measureValues(
  entities: Entity[],
  queryEndpoints: string[],
  rounds = 3,
): ValuesThroughput {
  let started = performance.now();
  const fleet = resolveFleet(entities, { queryEndpoints });
  const resolveMs = performance.now() - started;
  const byRef = indexFleet(fleet);
  const lookup = (ref: string) => byRef.get(ref);
  const options = { queueConfig: { maxShards: 50 } };
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    started = performance.now();
    let bytes = 0;
    for (const cluster of fleet.clusters) {
      bytes += generateValues(cluster, lookup, options).yaml.length;
    }
    if (bytes === 0) throw new Error('generateValues produced no YAML');
    best = Math.max(
      best,
      fleet.clusters.length / ((performance.now() - started) / 1000),
    );
  }
  return { clusters: fleet.clusters.length, valuesPerSecond: best, resolveMs };
}
