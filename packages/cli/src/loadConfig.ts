import { Config, ConfigReader } from '@backstage/config';
import {
  QueueConfig,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { InputError } from './io';
import { readYamlFile } from './yamlFile';

/**
 * The parts of `prometheusFleet` app-config that change fleet resolution or
 * values, read and checked as the backend reads them, so that the CLI and the
 * backend generate the same values from the same config.
 */
export interface FleetConfig {
  /** Names of the configured query endpoints; undefined when no config was given. */
  queryEndpoints?: string[];
  values: ValuesOptions;
}

const ROOT_KEY = 'prometheusFleet';
const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const RELEASE_NAME = /^(?=.{1,53}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KUBERNETES_NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PROMETHEUS_DURATION =
  /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;
const QUEUE_COUNTS = [
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
const QUEUE_KEYS: readonly string[] = [
  ...QUEUE_COUNTS,
  ...QUEUE_DURATIONS,
  'retryOnRateLimit',
];

/** Chart versions end up in a shell command: exact versions only. */
export function isChartVersion(value: string): boolean {
  return CHART_VERSION.test(value);
}

function invalid(key: string, reason: string): InputError {
  return new InputError(`Invalid config at '${ROOT_KEY}.${key}': ${reason}`);
}

function readMatching(
  fleet: Config | undefined,
  key: string,
  pattern: RegExp,
  rule: string,
) {
  const value = fleet?.getOptionalString(key);
  if (value !== undefined && !pattern.test(value)) {
    throw invalid(key, `"${value}" is not ${rule}`);
  }
  return value;
}

function readQueueConfig(fleet: Config | undefined): QueueConfig | undefined {
  const queue = fleet?.getOptionalConfig('remoteWrite.queueConfig');
  if (!queue) return undefined;
  const prefix = 'remoteWrite.queueConfig';
  const unknown = queue.keys().find(key => !QUEUE_KEYS.includes(key));
  if (unknown) {
    throw invalid(
      `${prefix}.${unknown}`,
      `unknown key; use the Prometheus Operator's QueueConfig keys: ${QUEUE_KEYS.join(
        ', ',
      )}`,
    );
  }
  const result: QueueConfig = {};
  for (const key of QUEUE_COUNTS) {
    const value = queue.getOptionalNumber(key);
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw invalid(`${prefix}.${key}`, 'must be a whole number of at least 1');
    }
    result[key] = value;
  }
  for (const key of QUEUE_DURATIONS) {
    const value = queue.getOptionalString(key);
    if (value === undefined) continue;
    if (!PROMETHEUS_DURATION.test(value)) {
      throw invalid(
        `${prefix}.${key}`,
        `"${value}" is not a Prometheus duration such as 5s or 1m30s`,
      );
    }
    result[key] = value;
  }
  const retryOnRateLimit = queue.getOptionalBoolean('retryOnRateLimit');
  if (retryOnRateLimit !== undefined)
    result.retryOnRateLimit = retryOnRateLimit;
  if (
    result.minShards !== undefined &&
    result.maxShards !== undefined &&
    result.minShards > result.maxShards
  ) {
    throw invalid(`${prefix}.minShards`, 'must not exceed maxShards');
  }
  return result;
}

/** Reads what the backend reads from `prometheusFleet` for resolution and values. */
export function readFleetConfig(config: Config): FleetConfig {
  const fleet = config.getOptionalConfig(ROOT_KEY);
  const values: ValuesOptions = {
    chartVersion: readMatching(
      fleet,
      'chart.version',
      CHART_VERSION,
      'a chart version such as 88.5.3',
    ),
    releaseName: readMatching(
      fleet,
      'chart.releaseName',
      RELEASE_NAME,
      'a Helm release name (lowercase letters, digits and "-", at most 53 characters)',
    ),
    namespace: readMatching(
      fleet,
      'chart.namespace',
      KUBERNETES_NAMESPACE,
      'a Kubernetes namespace name',
    ),
    queueConfig: readQueueConfig(fleet),
  };
  return {
    queryEndpoints:
      fleet
        ?.getOptionalConfigArray('queryEndpoints')
        ?.map(endpoint => endpoint.getString('name').trim()) ?? [],
    values: Object.fromEntries(
      Object.entries(values).filter(([, value]) => value !== undefined),
    ),
  };
}

/**
 * Loads app-config files, later ones overriding earlier ones as in Backstage
 * (`--config app-config.yaml --config app-config.production.yaml`). Values are
 * read as written: `${VAR}` substitution and `$include` are not applied.
 */
export async function loadFleetConfig(
  paths: readonly string[],
): Promise<FleetConfig> {
  if (paths.length === 0) return { values: {} };
  const configs = [];
  for (const path of paths) {
    const [document] = (await readYamlFile(path)).documents;
    const data = document?.toJS() ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new InputError(`Config file ${path} must contain a YAML mapping.`);
    }
    configs.push({ context: path, data });
  }
  try {
    return readFleetConfig(ConfigReader.fromConfigs(configs));
  } catch (error) {
    if (error instanceof InputError) throw error;
    // ConfigReader's own errors name the key and the file.
    throw new InputError((error as Error).message);
  }
}
