import { Fleet } from 'backstage-plugin-prometheus-fleet-common';

export interface FleetRead {
  fleet: Fleet;
  /** Set when reading the catalog failed and an earlier fleet is used instead. */
  staleBecause?: unknown;
}

/**
 * The fleet as the poller sees it, read from the catalog at most once per
 * `maxAgeMs`: the catalog itself refreshes entities on the order of minutes,
 * so reading it every few seconds would add load, not freshness. When a read
 * fails, the last fleet read keeps the poll going.
 */
export class CachedFleet {
  readonly #load: () => Promise<Fleet>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #cached?: { fleet: Fleet; readAt: number };

  constructor(options: {
    load: () => Promise<Fleet>;
    maxAgeMs: number;
    now?: () => number;
  }) {
    this.#load = options.load;
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** @throws when the catalog cannot be read and no fleet was read before. */
  async get(): Promise<FleetRead> {
    const now = this.#now();
    if (this.#cached && now - this.#cached.readAt < this.#maxAgeMs) {
      return { fleet: this.#cached.fleet };
    }
    try {
      const fleet = await this.#load();
      this.#cached = { fleet, readAt: now };
      return { fleet };
    } catch (error) {
      if (!this.#cached) throw error;
      return { fleet: this.#cached.fleet, staleBecause: error };
    }
  }
}
