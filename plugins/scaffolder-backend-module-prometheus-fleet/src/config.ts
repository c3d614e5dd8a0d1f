import path from 'node:path';
import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  QueueConfig,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';

/** What the onboarding action needs from the fleet configuration. */
export interface FleetSettings {
  valuesOptions: ValuesOptions;
  /** Undefined when no endpoints are configured: names are then not checked. */
  queryEndpoints?: string[];
}

const QUEUE_NUMBERS = [
  'capacity',
  'minShards',
  'maxShards',
  'maxSamplesPerSend',
] as const;
const QUEUE_DURATIONS = [
  'batchSendDeadline',
  'minBackoff',
  'maxBackoff',
  'sampleAgeLimit',
] as const;

function readQueueConfig(config: RootConfigService): QueueConfig | undefined {
  const queue = config.getOptionalConfig(
    'prometheusFleet.remoteWrite.queueConfig',
  );
  if (!queue) {
    return undefined;
  }
  const result: QueueConfig = {};
  for (const key of QUEUE_NUMBERS) {
    const value = queue.getOptionalNumber(key);
    if (value !== undefined) result[key] = value;
  }
  for (const key of QUEUE_DURATIONS) {
    const value = queue.getOptionalString(key);
    if (value !== undefined) result[key] = value;
  }
  const retryOnRateLimit = queue.getOptionalBoolean('retryOnRateLimit');
  if (retryOnRateLimit !== undefined)
    result.retryOnRateLimit = retryOnRateLimit;
  return result;
}

/**
 * Reads the same `prometheusFleet` keys as the backend plugin, so the values
 * written at onboarding equal the ones the backend serves afterwards.
 */
export function readFleetSettings(config: RootConfigService): FleetSettings {
  const endpoints = config.getOptionalConfigArray(
    'prometheusFleet.queryEndpoints',
  );
  return {
    valuesOptions: {
      chartVersion: config.getOptionalString('prometheusFleet.chart.version'),
      releaseName: config.getOptionalString(
        'prometheusFleet.chart.releaseName',
      ),
      namespace: config.getOptionalString('prometheusFleet.chart.namespace'),
      queueConfig: readQueueConfig(config),
    },
    queryEndpoints: endpoints?.map(endpoint => endpoint.getString('name')),
  };
}

/** The absolute local git root, or undefined when the demo action is off. */
export function readLocalGitRoot(
  config: RootConfigService,
): string | undefined {
  const root = config.getOptionalString(
    'prometheusFleet.scaffolder.localGitRoot',
  );
  return root ? path.resolve(root) : undefined;
}
