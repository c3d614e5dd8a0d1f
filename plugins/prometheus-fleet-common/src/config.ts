import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { FLEET_ENGINES, FleetEngine, isFleetEngine } from './engines';
import { QueueConfig, ValuesOptions } from './types';

/**
 * Reading of the `prometheusFleet` keys that shape generated values, shared
 * by the backend, the scaffolder module and the CLI so that all three write
 * the same values from the same app-config.
 */

/** The top-level app-config key of the Prometheus Fleet plugins. @public */
export const CONFIG_ROOT_KEY = 'prometheusFleet';

/** A config value that would generate broken values or commands. @public */
export class FleetConfigError extends Error {
  /** `key` is under `root`: `prometheusFleet` unless said otherwise. */
  constructor(key: string, reason: string, root: string = CONFIG_ROOT_KEY) {
    super(`Invalid config at '${root}.${key}': ${reason}`);
    this.name = 'FleetConfigError';
  }
}

const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** Helm release names: a DNS-1123 label of at most 53 characters. */
const RELEASE_NAME = /^(?=.{1,53}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KUBERNETES_NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The Prometheus Operator's `Duration` pattern, e.g. `5s`, `1m30s`, `100ms`. */
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

/** Chart versions end up in a shell command: exact versions only. @public */
export function isChartVersion(value: string): boolean {
  return CHART_VERSION.test(value);
}

function readMatching(
  fleet: Config | undefined,
  key: string,
  pattern: RegExp,
  rule: string,
): string | undefined {
  const value = fleet?.getOptionalString(key);
  if (value !== undefined && !pattern.test(value)) {
    throw new FleetConfigError(key, `"${value}" is not ${rule}`);
  }
  return value;
}

function readQueueConfig(fleet: Config | undefined): QueueConfig | undefined {
  const queue = fleet?.getOptionalConfig('remoteWrite.queueConfig');
  if (!queue) {
    return undefined;
  }
  const prefix = 'remoteWrite.queueConfig';
  const unknown = queue.keys().find(key => !QUEUE_KEYS.includes(key));
  if (unknown) {
    throw new FleetConfigError(
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
      throw new FleetConfigError(
        `${prefix}.${key}`,
        'must be a whole number of at least 1',
      );
    }
    result[key] = value;
  }
  for (const key of QUEUE_DURATIONS) {
    const value = queue.getOptionalString(key);
    if (value === undefined) continue;
    if (!PROMETHEUS_DURATION.test(value)) {
      throw new FleetConfigError(
        `${prefix}.${key}`,
        `"${value}" is not a Prometheus duration such as 5s or 1m30s`,
      );
    }
    result[key] = value;
  }
  const retryOnRateLimit = queue.getOptionalBoolean('retryOnRateLimit');
  if (retryOnRateLimit !== undefined) {
    result.retryOnRateLimit = retryOnRateLimit;
  }
  if (
    result.minShards !== undefined &&
    result.maxShards !== undefined &&
    result.minShards > result.maxShards
  ) {
    throw new FleetConfigError(
      `${prefix}.minShards`,
      `${result.minShards} is above maxShards ${result.maxShards}: the queue would run at least ${result.minShards} shards and at most ${result.maxShards}`,
    );
  }
  return result;
}

/**
 * Reads a duration under `root` (`120s`, `5m`, `{ minutes: 5 }`), in
 * seconds; undefined when the key is not set.
 *
 * @param config - the config block `key` is in
 * @param root - the full key of that block, for the error
 * @throws FleetConfigError naming the key of a duration that cannot be read
 * or is not positive
 * @public
 */
export function readDurationSeconds(
  config: Config | undefined,
  key: string,
  root: string = CONFIG_ROOT_KEY,
): number | undefined {
  if (!config?.has(key)) return undefined;
  let seconds: number;
  try {
    seconds =
      durationToMilliseconds(readDurationFromConfig(config, { key })) / 1000;
  } catch (error) {
    throw new FleetConfigError(key, (error as Error).message, root);
  }
  if (!(seconds > 0)) {
    throw new FleetConfigError(key, 'must be a positive duration', root);
  }
  return seconds;
}

function readThresholds(
  fleet: Config | undefined,
): ValuesOptions['thresholds'] {
  const lagCritical = readDurationSeconds(fleet, 'thresholds.lagCritical');
  const silentAfter = readDurationSeconds(fleet, 'thresholds.silentAfter');
  if (lagCritical === undefined && silentAfter === undefined) return undefined;
  return {
    ...(lagCritical === undefined ? {} : { lagCritical }),
    ...(silentAfter === undefined ? {} : { silentAfter }),
  };
}

/** `app.baseUrl` ends up in alert links: absolute http(s) only. */
function readAppBaseUrl(app: Config | undefined): string | undefined {
  const value = app?.getOptionalString('baseUrl');
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new FleetConfigError(
      'baseUrl',
      `"${value}" is not an absolute http(s) URL`,
      'app',
    );
  }
  return value.replace(/\/+$/, '');
}

/**
 * Reads and checks the values settings under `prometheusFleet` (chart
 * version, release name, namespace, remote-write queue tuning, the
 * thresholds and switch of a global's rules, the onboarding grace period its
 * silent alert waits for a new edge, the engines the query endpoints set) and
 * the app's base URL that alerts link to. Only the keys that are set appear
 * in the result.
 *
 * @param fleet - the `prometheusFleet` config block, if any
 * @param app - the `app` config block, if any
 * @throws FleetConfigError naming the key of a bad value
 * @public
 */
export function readValuesOptionsConfig(
  fleet: Config | undefined,
  app?: Config,
): ValuesOptions {
  const options: ValuesOptions = {};
  const chartVersion = readMatching(
    fleet,
    'chart.version',
    CHART_VERSION,
    'a chart version such as 88.5.3',
  );
  const releaseName = readMatching(
    fleet,
    'chart.releaseName',
    RELEASE_NAME,
    'a Helm release name (lowercase letters, digits and "-", at most 53 characters)',
  );
  const namespace = readMatching(
    fleet,
    'chart.namespace',
    KUBERNETES_NAMESPACE,
    'a Kubernetes namespace name',
  );
  const queueConfig = readQueueConfig(fleet);
  const thresholds = readThresholds(fleet);
  const rulesEnabled = fleet?.getOptionalBoolean('rules.enabled');
  const gracePeriod = readDurationSeconds(fleet, 'onboarding.gracePeriod');
  const appBaseUrl = readAppBaseUrl(app);
  const queryEndpointEngines = readQueryEndpointEngines(fleet);
  if (chartVersion) options.chartVersion = chartVersion;
  if (releaseName) options.releaseName = releaseName;
  if (namespace) options.namespace = namespace;
  if (queueConfig) options.queueConfig = queueConfig;
  if (thresholds) options.thresholds = thresholds;
  if (rulesEnabled !== undefined) options.rules = { enabled: rulesEnabled };
  if (gracePeriod !== undefined) options.onboarding = { gracePeriod };
  if (appBaseUrl) options.appBaseUrl = appBaseUrl;
  if (queryEndpointEngines) options.queryEndpointEngines = queryEndpointEngines;
  return options;
}

/**
 * Names of the configured query endpoints, or undefined when none are
 * configured (endpoint names are then not checked).
 *
 * @public
 */
export function readQueryEndpointNames(
  fleet: Config | undefined,
): string[] | undefined {
  return fleet
    ?.getOptionalConfigArray('queryEndpoints')
    ?.map(endpoint => endpoint.getString('name').trim());
}

/**
 * The engine of each query endpoint that sets one
 * (`prometheusFleet.queryEndpoints[].engine`), by endpoint name; undefined
 * when none does (an endpoint without one is a Prometheus).
 *
 * @throws FleetConfigError naming the key of an engine that is not one of
 * `FLEET_ENGINES`
 * @public
 */
export function readQueryEndpointEngines(
  fleet: Config | undefined,
): Record<string, FleetEngine> | undefined {
  const engines: Array<[string, FleetEngine]> = [];
  fleet
    ?.getOptionalConfigArray('queryEndpoints')
    ?.forEach((endpoint, index) => {
      const engine = endpoint.getOptionalString('engine');
      if (engine === undefined) return;
      if (!isFleetEngine(engine)) {
        throw new FleetConfigError(
          `queryEndpoints[${index}].engine`,
          `"${engine}" is not an engine; use ${FLEET_ENGINES.join(', ')}`,
        );
      }
      engines.push([endpoint.getString('name').trim(), engine]);
    });
  return engines.length ? Object.fromEntries(engines) : undefined;
}
