import {
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  GeneratedValues,
  generateValues,
  indexFleet,
  QueueConfig,
  resolveFleet,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { clusterEntity } from '../rig/rigCatalog';

export const WRITE_URL =
  'https://prometheus.global-eu.example.com/api/v1/write';
/** The Secret the values reference when the global requires write auth. */
export const WRITE_SECRET = 'prometheus-fleet-remote-write';

/** Every QueueConfig key, the way every check meets each of them. */
export const FULL_QUEUE_CONFIG: Required<QueueConfig> = {
  capacity: 2500,
  minShards: 2,
  maxShards: 50,
  maxSamplesPerSend: 500,
  batchSendDeadline: '5s',
  minBackoff: '30ms',
  maxBackoff: '5s',
  retryOnRateLimit: true,
  sampleAgeLimit: '10m',
};

export interface TwoClusterFleetValues {
  global: GeneratedValues;
  edge: GeneratedValues;
}

/** Values of a fleet of one global, `global-eu`, and one edge writing to it, `edge-eu-1`. */
export function twoClusterFleetValues(
  globalAnnotations: Record<string, string> = {},
  edgeAnnotations: Record<string, string> = {},
  options: ValuesOptions = {},
): TwoClusterFleetValues {
  const fleet = resolveFleet([
    clusterEntity('global-eu', {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: WRITE_URL,
      ...globalAnnotations,
    }),
    clusterEntity('edge-eu-1', {
      [ANNOTATION_ROLE]: 'edge',
      ...edgeAnnotations,
    }),
  ]);
  const clusters = indexFleet(fleet);
  const valuesOf = (name: string) =>
    generateValues(
      clusters.get(`resource:default/${name}`)!,
      ref => clusters.get(ref),
      options,
    );
  return { global: valuesOf('global-eu'), edge: valuesOf('edge-eu-1') };
}
