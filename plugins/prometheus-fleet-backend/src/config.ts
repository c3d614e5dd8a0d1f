import { QueryEndpointConfig } from 'backstage-plugin-prometheus-fleet-node';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  CONFIG_ROOT_KEY as ROOT_KEY,
  DEFAULT_CHART_VERSION,
  DEFAULT_ONBOARDING_GRACE_SECONDS,
  DEFAULT_THRESHOLDS,
  ENGINE_TRAITS,
  FleetEngine,
  HealthStatus,
  HealthThresholds,
  readDurationSeconds,
  readValuesOptionsConfig,
  TENANCY_MODES,
  TenancyMode,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { NotificationRules } from './notifications/transitions';

/** Look-back windows of the queue-health queries, in seconds. */
export interface QueryWindows {
  windowSeconds: number;
  lastSeenWindowSeconds: number;
}

/**
 * A query endpoint and what answers there: its `url` includes the engine's
 * path prefix. Unset `engine` and `tenancy` read as `prometheus` and `none`.
 */
export interface FleetQueryEndpoint extends QueryEndpointConfig {
  engine?: FleetEngine;
  tenancy?: TenancyMode;
}

/** The validated `prometheusFleet` configuration, defaults applied. */
export interface PrometheusFleetConfig {
  queryEndpoints: FleetQueryEndpoint[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  thresholds: HealthThresholds;
  queries: QueryWindows;
  history: { retentionMs: number };
  /** How long a new edge that never reported reads `pending` before `silent`. */
  onboarding: { gracePeriodSeconds: number };
  /** Owner notifications of edge state changes; off unless enabled. */
  notifications: { enabled: boolean } & NotificationRules;
  values: ValuesOptions & { chartVersion: string };
}

const DEFAULT_QUERY_TIMEOUT: HumanDuration = { seconds: 10 };
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { seconds: 25 },
};
const DEFAULT_RETENTION: HumanDuration = { days: 7 };
const DEFAULT_QUERY_WINDOWS = {
  window: { minutes: 5 },
  lastSeenWindow: { hours: 1 },
} satisfies Record<string, HumanDuration>;

/** Statuses an owner can be notified about: an edge's own outages, not what the poller could not tell. */
const NOTIFYING_STATUSES: readonly HealthStatus[] = [
  'critical',
  'silent',
  'warning',
];
const DEFAULT_NOTIFICATIONS = {
  statuses: ['critical', 'silent'] as HealthStatus[],
  minDuration: { minutes: 2 } satisfies HumanDuration,
};

const HTTP_HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function invalid(key: string, reason: string): Error {
  return new Error(`Invalid config at '${key}': ${reason}`);
}

/** A duration under `root` in milliseconds, or the fallback when not set. */
function readDurationMs(
  config: Config | undefined,
  key: string,
  root: string,
  fallback: HumanDuration,
): number {
  const seconds = readDurationSeconds(config, key, root);
  return seconds === undefined
    ? durationToMilliseconds(fallback)
    : Math.round(seconds * 1000);
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

function readOneOf<T extends string>(
  config: Config,
  key: string,
  fullKey: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = config.getOptionalString(key) ?? fallback;
  if (!allowed.includes(value as T)) {
    throw invalid(fullKey, `"${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The query path under the URL and how tenants are read, for an endpoint of
 * this engine (as `readValuesOptionsConfig` checked it).
 */
function readTenancy(endpoint: Config, key: string, engine: FleetEngine) {
  const traits = ENGINE_TRAITS[engine];
  const pathPrefix =
    endpoint.getOptionalString('pathPrefix') ?? traits.pathPrefix;
  if (pathPrefix && !/^\/[^?#]*[^/?#]$/.test(pathPrefix)) {
    throw invalid(
      `${key}.pathPrefix`,
      'must start with "/" and not end with one, e.g. /prometheus',
    );
  }
  const tenancy = readOneOf(
    endpoint,
    'tenancy',
    `${key}.tenancy`,
    TENANCY_MODES,
    'none',
  );
  if (tenancy !== 'none' && !traits.tenantHeader) {
    throw invalid(
      `${key}.tenancy`,
      `${engine} has no tenants; use none, or an engine with tenants (mimir, cortex, thanos)`,
    );
  }
  if (tenancy === 'federated' && !traits.tenantLabel) {
    throw invalid(`${key}.tenancy`, `${engine} cannot federate tenants`);
  }
  return { pathPrefix, tenancy };
}

function readQueryEndpoints(
  fleet: Config | undefined,
  engines: ValuesOptions['queryEndpointEngines'],
): FleetQueryEndpoint[] {
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
    const engine = engines?.[name] ?? 'prometheus';
    const { pathPrefix, tenancy } = readTenancy(endpoint, key, engine);
    return {
      name,
      url: `${readUrl(endpoint, `${key}.url`)}${pathPrefix}`,
      engine,
      tenancy,
      headers,
      token,
      timeoutMs: readDurationMs(
        endpoint,
        'timeout',
        key,
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
  const seconds = (name: keyof HealthThresholds) =>
    readDurationSeconds(fleet, `thresholds.${name}`) ??
    DEFAULT_THRESHOLDS[name];
  const thresholds = {
    lagWarning: seconds('lagWarning'),
    lagCritical: seconds('lagCritical'),
    silentAfter: seconds('silentAfter'),
  };
  if (thresholds.lagWarning >= thresholds.lagCritical) {
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
    const ms = readDurationMs(
      fleet,
      key,
      ROOT_KEY,
      DEFAULT_QUERY_WINDOWS[name],
    );
    if (ms < 1000) {
      throw invalid(`${ROOT_KEY}.${key}`, 'must be at least one second');
    }
    return Math.round(ms / 1000);
  };
  return {
    windowSeconds: seconds('window'),
    lastSeenWindowSeconds: seconds('lastSeenWindow'),
  };
}

function readValuesOptions(
  fleet: Config | undefined,
  app: Config | undefined,
): PrometheusFleetConfig['values'] {
  return {
    chartVersion: DEFAULT_CHART_VERSION,
    ...readValuesOptionsConfig(fleet, app),
  };
}

function readNotifications(
  fleet: Config | undefined,
): PrometheusFleetConfig['notifications'] {
  const key = `${ROOT_KEY}.notifications`;
  const notifications = fleet?.getOptionalConfig('notifications');
  const statuses =
    notifications?.getOptionalStringArray('statuses') ??
    DEFAULT_NOTIFICATIONS.statuses;
  const unknown = statuses.filter(
    status => !NOTIFYING_STATUSES.includes(status as HealthStatus),
  );
  if (unknown.length > 0) {
    throw invalid(
      `${key}.statuses`,
      `${unknown.join(
        ', ',
      )} cannot notify; use any of ${NOTIFYING_STATUSES.join(', ')}`,
    );
  }
  return {
    enabled: notifications?.getOptionalBoolean('enabled') ?? false,
    statuses: statuses as HealthStatus[],
    minDurationMs: readDurationMs(
      notifications,
      'minDuration',
      key,
      DEFAULT_NOTIFICATIONS.minDuration,
    ),
  };
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
  const values = readValuesOptions(fleet, config.getOptionalConfig('app'));
  return {
    queryEndpoints: readQueryEndpoints(fleet, values.queryEndpointEngines),
    schedule: readSchedule(fleet),
    thresholds: readThresholds(fleet),
    queries: readQueryWindows(fleet),
    history: {
      retentionMs: readDurationMs(
        fleet,
        'history.retention',
        ROOT_KEY,
        DEFAULT_RETENTION,
      ),
    },
    // Read with the values, whose silent alert waits the same grace period.
    onboarding: {
      gracePeriodSeconds:
        values.onboarding?.gracePeriod ?? DEFAULT_ONBOARDING_GRACE_SECONDS,
    },
    notifications: readNotifications(fleet),
    values,
  };
}
