/*
 * Values-generation throughput on a large synthetic fleet.
 *
 *   yarn bench:values [--globals 10] [--edges 9990] [--rounds 3]
 *
 * Prints how long resolving the fleet takes and how many clusters' values
 * (object and commented YAML) are generated per second. No real path
 * generates them in bulk: a backend request, the CLI and the onboarding
 * action each generate one cluster's, in well under a millisecond warm, which
 * is why common keeps no render cache (it made this figure 13x, nothing else).
 */
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GLOBAL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
  generateValues,
  indexFleet,
  resolveFleet,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';

const AUTH_TYPES = ['none', 'basic', 'bearer', 'mtls'];

function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${name} must be a positive whole number`);
  }
  return value;
}

function cluster(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner: 'platform' },
  };
}

/** Globals with every auth type; edges spread over them, a third with a tenant, a fifth with a max-shards override. */
function syntheticFleet(globals: number, edges: number): Entity[] {
  const entities: Entity[] = [];
  for (let g = 0; g < globals; g++) {
    entities.push(
      cluster(`global-${g}`, {
        [ANNOTATION_ROLE]: 'global',
        [ANNOTATION_REMOTE_WRITE_URL]: `https://prometheus.global-${g}.example.com/api/v1/write`,
        [ANNOTATION_REMOTE_WRITE_AUTH]: AUTH_TYPES[g % AUTH_TYPES.length],
        [ANNOTATION_QUERY_ENDPOINT]: `global-${g}`,
      }),
    );
  }
  for (let e = 0; e < edges; e++) {
    entities.push(
      cluster(`edge-${e}`, {
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: `resource:default/global-${e % globals}`,
        ...(e % 3 === 0 ? { [ANNOTATION_TENANT]: `team-${e % 50}` } : {}),
        ...(e % 5 === 0 ? { [ANNOTATION_MAX_SHARDS]: '100' } : {}),
      }),
    );
  }
  return entities;
}

function main() {
  const globals = numberArg('globals', 10);
  const edges = numberArg('edges', 9_990);
  const rounds = numberArg('rounds', 3);
  const entities = syntheticFleet(globals, edges);
  const options: ValuesOptions = {
    queueConfig: { capacity: 10_000, maxShards: 50, maxSamplesPerSend: 2_000 },
  };
  const queryEndpoints = Array.from(
    { length: globals },
    (_, g) => `global-${g}`,
  );

  let start = performance.now();
  const fleet = resolveFleet(entities, { queryEndpoints });
  const resolveMs = performance.now() - start;
  if (fleet.problems.length > 0) {
    throw new Error(
      `Synthetic fleet has problems: ${fleet.problems[0].message}`,
    );
  }
  const byRef = indexFleet(fleet);
  const lookup = (ref: string) => byRef.get(ref);

  console.log(
    `fleet: ${fleet.clusters.length} clusters (${globals} globals, ${edges} edges)`,
  );
  console.log(`resolveFleet: ${resolveMs.toFixed(1)} ms`);

  let best = 0;
  let yamlBytes = 0;
  for (let round = 1; round <= rounds; round++) {
    yamlBytes = 0;
    start = performance.now();
    const cpuStart = process.cpuUsage();
    for (const item of fleet.clusters) {
      yamlBytes += generateValues(item, lookup, options).yaml.length;
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const perSecond = fleet.clusters.length / seconds;
    best = Math.max(best, perSecond);
    // CPU time tells a slow generator from a busy machine. The first round
    // also pays for JIT warm-up and for the first sight of every label.
    const note = round === 1 ? ', cold' : '';
    console.log(
      `generateValues round ${round}: ${Math.round(seconds * 1000)} ms, ` +
        `${Math.round(perSecond)} values/s (${Math.round(
          cpuSeconds * 1000,
        )} ms CPU${note})`,
    );
  }
  console.log(
    `best: ${Math.round(best)} values/s, ${(
      yamlBytes / fleet.clusters.length
    ).toFixed(0)} bytes of YAML per cluster`,
  );
}

main();
