import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  FleetCluster,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { NotifiedState, StateTransition } from './transitions';

/** Every notification of the plugin carries this topic, for users' settings. */
export const NOTIFICATION_TOPIC = 'prometheus-fleet';

const SEVERITY: Partial<
  Record<NotifiedState, NotificationSendOptions['payload']['severity']>
> = {
  silent: 'critical',
  critical: 'high',
  warning: 'normal',
};

/** The path of an edge's Monitoring tab in the app. */
export function monitoringTabPath(cluster: FleetCluster): string {
  return `/catalog/${encodeURIComponent(
    cluster.namespace,
  )}/resource/${encodeURIComponent(cluster.name)}/monitoring`;
}

/**
 * What the owner reads: which edge, what it changed from and to, and why,
 * in the health's own reason messages.
 */
export function notificationPayload(
  transition: StateTransition,
  cluster: FleetCluster,
  health: QueueHealth,
): NotificationSendOptions['payload'] {
  const name = cluster.title ?? cluster.name;
  const recovered = transition.to === 'ok';
  const title = recovered
    ? `${name} recovered: ${health.status}, no longer ${transition.from}`
    : `${name} is ${transition.to}${
        transition.from === 'ok' ? '' : `, was ${transition.from}`
      }`;
  // The reasons first: the notifications page shows the description's start.
  const reasons = health.reasons.map(reason => reason.message).join('; ');
  const where = `${cluster.ref}, cluster="${cluster.clusterLabel}"${
    cluster.global ? `, writing to ${cluster.global}` : ''
  }`;
  return {
    title,
    description: reasons ? `${reasons} (${where})` : `${where}.`,
    link: monitoringTabPath(cluster),
    severity: recovered ? 'normal' : SEVERITY[transition.to] ?? 'normal',
    topic: NOTIFICATION_TOPIC,
  };
}
