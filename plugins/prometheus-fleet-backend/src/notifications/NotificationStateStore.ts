import { Knex } from 'knex';
import { chunks } from '../store/chunks';
import {
  EdgeNotificationState,
  NotifiedState,
  StateTransition,
} from './transitions';

const TABLE = 'edge_notifications';

interface StateRow {
  cluster_ref: string;
  state: string;
  since: number | string;
  notified: string;
}

/**
 * What each edge's owner was last told (migration
 * 20261207020000_edge_notifications), shared by every backend instance.
 */
export class NotificationStateStore {
  readonly #db: Knex;

  /** The plugin's database, migrated by DatabaseHealthStore.create. */
  constructor(db: Knex) {
    this.#db = db;
  }

  async load(
    refs: readonly string[],
  ): Promise<Map<string, EdgeNotificationState>> {
    const result = new Map<string, EdgeNotificationState>();
    for (const chunk of chunks(refs, 500)) {
      const rows = await this.#db<StateRow>(TABLE)
        .whereIn('cluster_ref', chunk)
        .select('cluster_ref', 'state', 'since', 'notified');
      for (const row of rows) {
        result.set(row.cluster_ref, {
          ref: row.cluster_ref,
          state: row.state as NotifiedState,
          since: Number(row.since),
          notified: row.notified as NotifiedState,
        });
      }
    }
    return result;
  }

  /**
   * Stores what the cycle saw. `notified` is written for new edges only:
   * afterwards it moves by claims alone.
   */
  async save(states: readonly EdgeNotificationState[]): Promise<void> {
    const rows: StateRow[] = states.map(state => ({
      cluster_ref: state.ref,
      state: state.state,
      since: state.since,
      notified: state.notified,
    }));
    for (const chunk of chunks(rows)) {
      await this.#db(TABLE)
        .insert(chunk)
        .onConflict('cluster_ref')
        .merge(['state', 'since']);
    }
  }

  /**
   * Takes the right to send a transition: true for exactly one caller, the
   * one that moved `notified` from the state told before.
   */
  async claim(transition: StateTransition): Promise<boolean> {
    const updated = await this.#db(TABLE)
      .where({ cluster_ref: transition.ref, notified: transition.from })
      .update({ notified: transition.to });
    return updated === 1;
  }

  /** Gives a claim back after its notification could not be sent: the next cycle tries again. */
  async release(transition: StateTransition): Promise<void> {
    await this.#db(TABLE)
      .where({ cluster_ref: transition.ref, notified: transition.to })
      .update({ notified: transition.from });
  }
}
