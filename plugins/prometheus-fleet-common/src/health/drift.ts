import { escapeUnprintable as shown } from '../escape';
import { FleetCluster, QueueConfig } from '../types';
import { formatNumber } from './format';
import { EdgeQueueSample, QueueHealthObservation } from './types';

/**
 * The remote-write settings an edge's generated values give it, in the terms
 * its queue metrics report them (`remote_name`, `url`, `shards_max`).
 *
 * @public
 */
export interface ExpectedRemoteWrite {
  remoteName: string;
  url: string;
  /** Unset when neither the edge nor the config sets it: Prometheus' default then applies. */
  maxShards?: number;
}

/**
 * What the generated values set for an edge writing to its global (the
 * rules of `generateValues`), or undefined when the global has no usable
 * remote-write URL and so no values exist to compare with.
 *
 * @public
 */
export function expectedRemoteWrite(
  edge: Pick<FleetCluster, 'maxShards'>,
  global: Pick<FleetCluster, 'clusterLabel' | 'remoteWriteUrl'>,
  queueConfig?: QueueConfig,
): ExpectedRemoteWrite | undefined {
  if (!global.remoteWriteUrl) return undefined;
  const maxShards = edge.maxShards ?? queueConfig?.maxShards;
  return {
    remoteName: `fleet-${global.clusterLabel}`,
    url: global.remoteWriteUrl,
    ...(maxShards === undefined ? {} : { maxShards }),
  };
}

/**
 * One running setting that differs from the generated values. Labels in the
 * message are escaped where not printable ASCII: whoever runs an edge sets
 * them.
 *
 * @public
 */
export interface RemoteWriteDrift {
  setting: 'remote_name' | 'url' | 'max_shards';
  expected: string;
  running: string;
  message: string;
}

/** Prometheus reports the URL it parsed; equal URLs may be spelt differently. */
function sameUrl(running: string, expected: string): boolean {
  if (running === expected) return true;
  try {
    return new URL(running).href === new URL(expected).href;
  } catch {
    return false;
  }
}

const REDEPLOY =
  'redeploy the generated values, or change the catalog if the running setting is the intended one';

/**
 * Compares the queues an edge runs, as its global sees them, with what its
 * generated values set. Queues writing elsewhere under other names are the
 * edge's own business and are not compared. No queues (a silent edge, or one
 * whose own metrics are not scraped) means nothing is known: no drift.
 *
 * @public
 */
export function findRemoteWriteDrift(
  queues: readonly EdgeQueueSample[],
  expected: ExpectedRemoteWrite,
): RemoteWriteDrift[] {
  if (!queues.length) return [];
  const named = queues.filter(q => q.remoteName === expected.remoteName);
  if (!named.length) {
    const running = queues
      .map(
        q => `"${shown(q.remoteName)}" to ${shown(q.url) || '(no url label)'}`,
      )
      .join(', ');
    return [
      {
        setting: 'remote_name',
        expected: expected.remoteName,
        running: queues.map(q => q.remoteName).join(', '),
        message: `The edge runs no remote-write queue named "${expected.remoteName}" (it runs ${running}): ${REDEPLOY}.`,
      },
    ];
  }
  const drifts: RemoteWriteDrift[] = [];
  for (const queue of named) {
    if (!sameUrl(queue.url, expected.url)) {
      drifts.push({
        setting: 'url',
        expected: expected.url,
        running: queue.url,
        message: `Queue "${shown(queue.remoteName)}" writes to ${shown(
          queue.url,
        )}, the generated values to ${expected.url}: ${REDEPLOY}.`,
      });
    }
    const runningMax = queue.shards.max;
    if (
      expected.maxShards !== undefined &&
      runningMax !== null &&
      runningMax !== expected.maxShards
    ) {
      drifts.push({
        setting: 'max_shards',
        expected: String(expected.maxShards),
        running: formatNumber(runningMax),
        message: `Queue "${shown(
          queue.remoteName,
        )}" runs with at most ${formatNumber(
          runningMax,
        )} shards, the generated values set ${
          expected.maxShards
        }: ${REDEPLOY}.`,
      });
    }
  }
  return drifts;
}

/** A `cluster` label a global receives that no catalog cluster declares. @public */
export interface OrphanCluster {
  cluster: string;
  /** Epoch seconds of its newest sample at the global, when known. */
  lastSeen: number | null;
  message: string;
}

/**
 * The clusters a global holds samples or queue metrics from whose label no
 * catalog cluster declares, in label order. `declaredLabels` are the labels
 * of the whole fleet, globals included: a global's own series carry its label;
 * at a global read per tenant, those the catalog puts in `tenant`.
 *
 * @public
 */
export function findOrphanClusters(
  observation: QueueHealthObservation,
  declaredLabels: Iterable<string>,
  tenant?: string,
): OrphanCluster[] {
  const declared = new Set(declaredLabels);
  return [...observation.edges.values()]
    .filter(edge => !declared.has(edge.cluster))
    .sort((a, b) => a.cluster.localeCompare(b.cluster))
    .map(({ cluster, lastSeen }) => ({
      cluster,
      lastSeen,
      message: `The global receives${
        tenant === undefined ? '' : ` in tenant "${shown(tenant)}"`
      } series labelled cluster="${shown(cluster)}"${
        lastSeen === null
          ? ''
          : ` (newest sample ${new Date(lastSeen * 1000).toISOString()})`
      }, but no catalog cluster has that label: register the cluster (prometheus-fleet.io/cluster-label), or stop its remote write.`,
    }));
}
