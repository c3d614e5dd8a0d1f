import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DEFAULT_CHART_VERSION,
  QueueConfig,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';

const ROOT_KEY = 'prometheusFleet';

/** A Prometheus the backend may query, from `prometheusFleet.queryEndpoints`. @public */
export interface QueryEndpointConfig {
  name: string;
  /** Base URL of the Prometheus HTTP API, without a trailing slash. */
  url: string;
  headers: Record<string, string>;
  token?: string;
  timeoutMs: number;
}

/** Thresholds in seconds, the unit of `QueueHealth.lagSeconds`. */
export interface HealthThresholds {
  lagWarningSeconds: number;
  lagCriticalSeconds: number;
  silentAfterSeconds: number;
}

/** Look-back windows of the queue-health queries, in seconds. */
export interface QueryWindows {
  windowSeconds: number;
  lastSeenWindowSeconds: number;
}

/** The validated `prometheusFleet` configuration, defaults applied. */
export interface PrometheusFleetConfig {
  queryEndpoints: QueryEndpointConfig[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  thresholds: HealthThresholds;
  queries: QueryWindows;
  history: { retentionMs: number };
  values: ValuesOptions & { chartVersion: string };
}

const DEFAULT_QUERY_TIMEOUT: HumanDuration = { seconds: 10 };
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { seconds: 25 },
};
const DEFAULT_THRESHOLDS = {
  lagWarning: { seconds: 60 },
  lagCritical: { seconds: 120 },
  silentAfter: { minutes: 5 },
} satisfies Record<string, HumanDuration>;
const DEFAULT_RETENTION: HumanDuration = { days: 7 };
const DEFAULT_QUERY_WINDOWS = {
  window: { minutes: 5 },
  lastSeenWindow: { hours: 1 },
} satisfies Record<string, HumanDuration>;

const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** Helm release names: a DNS-1123 label of at most 53 characters. */
const RELEASE_NAME = /^(?=.{1,53}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KUBERNETES_NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HTTP_HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
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

function invalid(key: string, reason: string): Error {
  return new Error(`Invalid config at '${key}': ${reason}`);
}

function readDurationMs(
  config: Config | undefined,
  key: string,
  fullKey: string,
  fallback: HumanDuration,
): number {
  if (!config?.has(key)) {
    return durationToMilliseconds(fallback);
  }
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw invalid(fullKey, stringifyError(error));
  }
  if (!(ms > 0)) {
    throw invalid(fullKey, 'must be a positive duration');
  }
  return ms;
}

function readUrl(config: Config, fullKey: string): string {
  const value = config.getString('url');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(fullKey, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(fullKey, 'only http and https URLs are allowed');
  }
  if (url.username || url.password) {
    throw invalid(fullKey, 'must not embed credentials; use token or headers');
  }
  return value.replace(/\/+$/, '');
}

function readHeaders(config: Config, fullKey: string): Record<string, string> {
  // Read raw: header names may contain dots, which config keys treat as paths.
  const headers = config.getOptional('headers') ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw invalid(fullKey, 'must be a map of header names to values');
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HTTP_HEADER_NAME.test(name)) {
      throw invalid(`${fullKey}.${name}`, 'is not a valid HTTP header name');
    }
    // The value may be a secret: say what is wrong without echoing it.
    if (typeof value !== 'string') {
      throw invalid(`${fullKey}.${name}`, 'must be a string');
    }
    if (/[\r\n\0]/.test(value)) {
      throw invalid(`${fullKey}.${name}`, 'must not contain line breaks');
    }
    result[name] = value;
  }
  return result;
}

function readQueryEndpoints(fleet: Config | undefined): QueryEndpointConfig[] {
  const endpoints = fleet?.getOptionalConfigArray('queryEndpoints') ?? [];
  const names = new Set<string>();
  return endpoints.map((endpoint, index) => {
    const key = `${ROOT_KEY}.queryEndpoints[${index}]`;
    const name = endpoint.getString('name').trim();
    if (!name) {
      throw invalid(`${key}.name`, 'must not be empty');
    }
    if (names.has(name)) {
      throw invalid(`${key}.name`, `"${name}" is used by another endpoint`);
    }
    names.add(name);
    const headers = readHeaders(endpoint, `${key}.headers`);
    const token = endpoint.getOptionalString('token');
    if (
      token !== undefined &&
      Object.keys(headers).some(h => h.toLowerCase() === 'authorization')
    ) {
      throw invalid(
        key,
        'set either token or an Authorization header, not both',
      );
    }
    return {
      name,
      url: readUrl(endpoint, `${key}.url`),
      headers,
      token,
      timeoutMs: readDurationMs(
        endpoint,
        'timeout',
        `${key}.timeout`,
        DEFAULT_QUERY_TIMEOUT,
      ),
    };
  });
}

function readSchedule(
  fleet: Config | undefined,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = fleet?.getOptionalConfig('schedule');
  if (!schedule) {
    return DEFAULT_SCHEDULE;
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw invalid(`${ROOT_KEY}.schedule`, stringifyError(error));
  }
}

function readThresholds(fleet: Config | undefined): HealthThresholds {
  const seconds = (name: keyof typeof DEFAULT_THRESHOLDS) => {
    const key = `thresholds.${name}`;
    const fullKey = `${ROOT_KEY}.${key}`;
    return readDurationMs(fleet, key, fullKey, DEFAULT_THRESHOLDS[name]) / 1000;
  };
  const thresholds = {
    lagWarningSeconds: seconds('lagWarning'),
    lagCriticalSeconds: seconds('lagCritical'),
    silentAfterSeconds: seconds('silentAfter'),
  };
  if (thresholds.lagWarningSeconds >= thresholds.lagCriticalSeconds) {
    throw invalid(
      `${ROOT_KEY}.thresholds.lagWarning`,
      `must be shorter than ${ROOT_KEY}.thresholds.lagCritical`,
    );
  }
  return thresholds;
}

/** PromQL range selectors take whole seconds at least. */
function readQueryWindows(fleet: Config | undefined): QueryWindows {
  const seconds = (name: keyof typeof DEFAULT_QUERY_WINDOWS) => {
    const key = `queries.${name}`;
    const fullKey = `${ROOT_KEY}.${key}`;
    const ms = readDurationMs(fleet, key, fullKey, DEFAULT_QUERY_WINDOWS[name]);
    if (ms < 1000) {
      throw invalid(fullKey, 'must be at least one second');
    }
    return Math.round(ms / 1000);
  };
  return {
    windowSeconds: seconds('window'),
    lastSeenWindowSeconds: seconds('lastSeenWindow'),
  };
}

function readMatching(
  config: Config | undefined,
  key: string,
  pattern: RegExp,
  rule: string,
): string | undefined {
  const value = config?.getOptionalString(key);
  if (value !== undefined && !pattern.test(value)) {
    throw invalid(`${ROOT_KEY}.${key}`, `"${value}" is not ${rule}`);
  }
  return value;
}

function readQueueConfig(fleet: Config | undefined): QueueConfig | undefined {
  const queue = fleet?.getOptionalConfig('remoteWrite.queueConfig');
  if (!queue) {
    return undefined;
  }
  const prefix = `${ROOT_KEY}.remoteWrite.queueConfig`;
  const unknown = queue.keys().filter(k => !QUEUE_KEYS.includes(k));
  if (unknown.length) {
    throw invalid(
      `${prefix}.${unknown[0]}`,
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
  if (retryOnRateLimit !== undefined) {
    result.retryOnRateLimit = retryOnRateLimit;
  }
  if (
    result.minShards !== undefined &&
    result.maxShards !== undefined &&
    result.minShards > result.maxShards
  ) {
    throw invalid(`${prefix}.minShards`, 'must not exceed maxShards');
  }
  return result;
}

function readValuesOptions(
  fleet: Config | undefined,
): PrometheusFleetConfig['values'] {
  const options: PrometheusFleetConfig['values'] = {
    chartVersion:
      readMatching(
        fleet,
        'chart.version',
        CHART_VERSION,
        'a chart version such as 88.5.3',
      ) ?? DEFAULT_CHART_VERSION,
  };
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
  if (releaseName) options.releaseName = releaseName;
  if (namespace) options.namespace = namespace;
  if (queueConfig) options.queueConfig = queueConfig;
  return options;
}

/**
 * Reads and validates `prometheusFleet` from the root config. Every value has
 * a default, so the plugin runs without any config; a bad value fails startup
 * with an error naming its key, rather than surfacing later as broken values
 * or a failing poll.
 */
export function readPrometheusFleetConfig(
  config: Config,
): PrometheusFleetConfig {
  const fleet = config.getOptionalConfig(ROOT_KEY);
  return {
    queryEndpoints: readQueryEndpoints(fleet),
    schedule: readSchedule(fleet),
    thresholds: readThresholds(fleet),
    queries: readQueryWindows(fleet),
    history: {
      retentionMs: readDurationMs(
        fleet,
        'history.retention',
        `${ROOT_KEY}.history.retention`,
        DEFAULT_RETENTION,
      ),
    },
    values: readValuesOptions(fleet),
  };
}
