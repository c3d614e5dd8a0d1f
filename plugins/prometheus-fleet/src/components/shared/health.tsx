import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';

/** Worst first: the order operators want to read a fleet in. */
export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'critical',
  'silent',
  'warning',
  'unknown',
  'healthy',
];

export function healthSeverity(status: HealthStatus | undefined): number {
  return status ? HEALTH_STATUSES.indexOf(status) : HEALTH_STATUSES.length;
}

const STATUS_ICONS = {
  healthy: StatusOK,
  warning: StatusWarning,
  critical: StatusError,
  silent: StatusAborted,
  unknown: StatusPending,
};

export function HealthStatusLabel(props: { status: HealthStatus }) {
  const Icon = STATUS_ICONS[props.status];
  return <Icon>{props.status}</Icon>;
}

/** The backend says "unknown" for a global it cannot poll; this tells why. */
export function isGlobalNotConfigured(reasons: readonly string[]): boolean {
  return reasons.some(reason => /not configured/i.test(reason));
}

/**
 * When Prometheus wants more shards than it may run, the queue falls behind.
 * A quarter of headroom above what it wants absorbs the next burst.
 */
export function suggestedMaxShards(shards: {
  desired: number | null;
  max: number | null;
}): number | undefined {
  if (shards.desired === null || shards.max === null) {
    return undefined;
  }
  if (shards.desired <= shards.max) {
    return undefined;
  }
  return Math.ceil(shards.desired * 1.25);
}
