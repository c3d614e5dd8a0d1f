/**
 * A value loaded at most once per `maxAgeMs` however many callers ask for it.
 * Past that age, callers still get the value at once while one reload runs
 * behind them, so that no request waits for a reload but the first. A failed
 * reload keeps the last value for another `maxAgeMs` and is reported to
 * `onReloadError`.
 */
export class StaleWhileRevalidate<T> {
  readonly #load: () => Promise<T>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #onReloadError: (error: unknown) => void;
  #current?: { value: T; loadedAt: number };
  #loading?: Promise<T>;

  constructor(options: {
    load: () => Promise<T>;
    maxAgeMs: number;
    onReloadError: (error: unknown) => void;
    now?: () => number;
  }) {
    this.#load = options.load;
    this.#maxAgeMs = options.maxAgeMs;
    this.#onReloadError = options.onReloadError;
    this.#now = options.now ?? Date.now;
  }

  /** @throws what the first load throws; later failures keep the last value. */
  async get(): Promise<T> {
    if (!this.#current) {
      return this.#reload();
    }
    const stale = this.#now() - this.#current.loadedAt >= this.#maxAgeMs;
    if (stale && !this.#loading) {
      this.#reload().catch(error => {
        // Retry after another maxAgeMs rather than on every request meanwhile.
        if (this.#current) this.#current.loadedAt = this.#now();
        this.#onReloadError(error);
      });
    }
    return this.#current.value;
  }

  #reload(): Promise<T> {
    if (!this.#loading) {
      const startedAt = this.#now();
      this.#loading = this.#load()
        .then(value => {
          this.#current = { value, loadedAt: startedAt };
          return value;
        })
        .finally(() => {
          this.#loading = undefined;
        });
    }
    return this.#loading;
  }
}
