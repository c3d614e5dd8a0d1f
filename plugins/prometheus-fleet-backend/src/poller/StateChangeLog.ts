/**
 * The last state of each thing the poller watches, so that a failure lasting
 * a hundred cycles is logged once when it starts and once when it ends, not
 * every cycle.
 */
export class StateChangeLog {
  readonly #states = new Map<string, string>();

  get(key: string): string | undefined {
    return this.#states.get(key);
  }

  /**
   * Records `state` for `key`; true when it differs from the state recorded
   * before, a key seen for the first time counting as in state `initial`.
   */
  record(key: string, state: string, initial?: string): boolean {
    const previous = this.#states.has(key) ? this.#states.get(key) : initial;
    this.#states.set(key, state);
    return previous !== state;
  }
}
