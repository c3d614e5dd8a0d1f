import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  HealthReasonCode,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

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

/** Whether a health has a reason of this code. */
export function hasReason(
  health: QueueHealth | undefined,
  code: HealthReasonCode,
): boolean {
  return health?.reasons.some(reason => reason.code === code) ?? false;
}
