import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Fleet, QueueHealth } from 'backstage-plugin-prometheus-fleet-common';
import { RecordedCycle } from '../poller/QueueHealthPoller';
import { NotificationStateStore } from './NotificationStateStore';
import { notificationPayload } from './notificationPayload';
import {
  EdgeNotificationState,
  nextNotificationState,
  NotificationRules,
  StateTransition,
} from './transitions';

/**
 * Tells each edge's owner when it turns to a notifying status (`critical`
 * and `silent` by default) and when it leaves it, once the new state has
 * lasted `minDurationMs`. It runs on the instance that recorded the cycle,
 * and each transition is claimed in the database before it is sent, so
 * that it is sent once, whichever instances and restarts see it.
 */
export class EdgeStateNotifier {
  readonly #store: NotificationStateStore;
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;
  readonly #rules: NotificationRules;

  constructor(options: {
    store: NotificationStateStore;
    notifications: NotificationService;
    logger: LoggerService;
    rules: NotificationRules;
  }) {
    this.#store = options.store;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#rules = options.rules;
  }

  /** Never throws: a failure is logged, and what was not sent is sent after a later cycle. */
  async cycleRecorded(cycle: RecordedCycle): Promise<void> {
    try {
      const due = await this.#advance(cycle);
      const healths = new Map(cycle.healths.map(h => [h.ref, h.health]));
      for (const transition of due) {
        await this.#send(transition, cycle.fleet, healths.get(transition.ref)!);
      }
    } catch (error) {
      this.#logger.error(
        `Could not notify owners of edge state changes, trying again after the next poll: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /** Stores the states this cycle saw and returns the transitions due. */
  async #advance(cycle: RecordedCycle): Promise<StateTransition[]> {
    const now = cycle.observedAt.getTime();
    const previous = await this.#store.load(cycle.healths.map(h => h.ref));
    const changed: EdgeNotificationState[] = [];
    const due: StateTransition[] = [];
    for (const { ref, health } of cycle.healths) {
      const before = previous.get(ref);
      const next = nextNotificationState(
        before,
        ref,
        health.status,
        now,
        this.#rules,
      );
      if (next.state && next.state !== before) changed.push(next.state);
      if (next.due) due.push(next.due);
    }
    await this.#store.save(changed);
    return due;
  }

  async #send(transition: StateTransition, fleet: Fleet, health: QueueHealth) {
    const cluster = fleet.clusters.find(c => c.ref === transition.ref);
    if (!(await this.#store.claim(transition))) return;
    if (!cluster?.owner) {
      this.#logger.warn(
        `${transition.ref} turned ${transition.to}, but has no owner to notify`,
      );
      return;
    }
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: cluster.owner },
        payload: notificationPayload(transition, cluster, health),
      });
      this.#logger.info(
        `Notified ${cluster.owner}: ${transition.ref} ${transition.from} → ${transition.to}`,
      );
    } catch (error) {
      await this.#store.release(transition);
      this.#logger.warn(
        `Could not notify ${cluster.owner} that ${transition.ref} turned ${
          transition.to
        }, trying again after the next poll: ${stringifyError(error)}`,
      );
    }
  }
}
