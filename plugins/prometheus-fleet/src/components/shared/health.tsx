import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  HEALTH_STATUSES_WORST_FIRST,
  HealthReasonCode,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

export function healthSeverity(status: HealthStatus | undefined): number {
  return status
    ? HEALTH_STATUSES_WORST_FIRST.indexOf(status)
    : HEALTH_STATUSES_WORST_FIRST.length;
}

const STATUS_ICONS: Record<HealthStatus, typeof StatusOK> = {
  healthy: StatusOK,
  pending: StatusPending,
  warning: StatusWarning,
  critical: StatusError,
  silent: StatusAborted,
  unknown: StatusPending,
};

/** How each status reads on its own, as a label. */
export const HEALTH_STATUS_LABELS: Record<HealthStatus, string> = {
  healthy: 'healthy',
  pending: 'Awaiting first data',
  warning: 'warning',
  critical: 'critical',
  silent: 'silent',
  unknown: 'unknown',
};

/** How each status reads within a sentence ("2 awaiting first data"). */
export function healthStatusInText(status: HealthStatus): string {
  return HEALTH_STATUS_LABELS[status].toLocaleLowerCase('en');
}

export function HealthStatusLabel(props: { status: HealthStatus }) {
  const Icon = STATUS_ICONS[props.status];
  return <Icon>{HEALTH_STATUS_LABELS[props.status]}</Icon>;
}

/** Whether a health has a reason of this code. */
export function hasReason(
  health: QueueHealth | undefined,
  code: HealthReasonCode,
): boolean {
  return health?.reasons.some(reason => reason.code === code) ?? false;
}
