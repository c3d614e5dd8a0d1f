import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';

/** The statuses an owner can be told about; `ok` is any other known state. */
export type NotifiedState = HealthStatus | 'ok';

/** What the notifier keeps per edge, across cycles and restarts. */
export interface EdgeNotificationState {
  ref: string;
  /** The edge's state as the notifier last saw it. */
  state: NotifiedState;
  /** When it entered `state`, epoch ms. */
  since: number;
  /** The state its owner was last told about, or the first state seen. */
  notified: NotifiedState;
}

export interface NotificationRules {
  /** Statuses whose start, and whose end, notify the owner. */
  statuses: readonly HealthStatus[];
  /** How long a state lasts before its owner is told, so that flapping stays quiet. */
  minDurationMs: number;
}

/** A change the owner is to be told about: from the state told last to the current one. */
export interface StateTransition {
  ref: string;
  from: NotifiedState;
  to: NotifiedState;
}

/**
 * The notifier's view of a status: a notifying status as itself, any other
 * but `unknown` as `ok`. `unknown` (the global could not be asked) says
 * nothing about the edge, so it neither starts nor ends an outage. `pending`
 * is `ok`: a new edge that never reports turns silent after its grace
 * period, and that is news to its owner.
 */
export function notifiedStateOf(
  status: HealthStatus,
  rules: NotificationRules,
): NotifiedState | undefined {
  if (rules.statuses.includes(status)) return status;
  return status === 'unknown' ? undefined : 'ok';
}

/**
 * The state to keep for an edge after a cycle saw it in `status`, and the
 * transition due, if any. An edge seen for the first time is taken as told
 * about: only changes after that notify, so a new install or a new edge
 * sends nothing for what was already so.
 */
export function nextNotificationState(
  previous: EdgeNotificationState | undefined,
  ref: string,
  status: HealthStatus,
  now: number,
  rules: NotificationRules,
): { state?: EdgeNotificationState; due?: StateTransition } {
  const seen = notifiedStateOf(status, rules);
  if (seen === undefined) return { state: previous };
  if (!previous) {
    return { state: { ref, state: seen, since: now, notified: seen } };
  }
  const state =
    previous.state === seen
      ? previous
      : { ...previous, state: seen, since: now };
  const lasted = now - state.since >= rules.minDurationMs;
  return {
    state,
    ...(state.state !== state.notified && lasted
      ? { due: { ref, from: state.notified, to: state.state } }
      : {}),
  };
}
