/**
 * A value loaded at most once per `maxAgeMs` however many callers ask for it.
 * Past that age, callers still get the value at once while one reload runs
 * behind them, so that no request waits for a reload but the first. A failed
 * reload keeps the last value for another `maxAgeMs` and is reported to
 * `onReloadError`.
 *
 * `invalidate()` is for when the source is known to have changed: the next
 * callers wait for a fresh load instead of getting the old value.
 */
export class StaleWhileRevalidate<T> {
  readonly #load: () => Promise<T>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #onReloadError: (error: unknown) => void;
  #current?: { value: T; loadedAt: number; invalidated: boolean };
  #loading?: Promise<T>;
  /** Bumped by invalidate(), so that a load begun before it cannot store its older value. */
  #generation = 0;

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
    const current = this.#current;
    if (!current) {
      return this.#reload();
    }
    if (current.invalidated) {
      return this.#reload().catch(() => current.value);
    }
    if (this.#now() - current.loadedAt >= this.#maxAgeMs) {
      this.#reload().catch(() => undefined);
    }
    return current.value;
  }

  /** The value held now, however old, without loading one; for a load to compare with. */
  peek(): T | undefined {
    return this.#current?.value;
  }

  /** The next get() loads afresh and waits for it; the old value stays the fallback should that load fail. */
  invalidate(): void {
    this.#generation += 1;
    this.#loading = undefined;
    if (this.#current) this.#current.invalidated = true;
  }

  #reload(): Promise<T> {
    if (this.#loading) return this.#loading;
    const startedAt = this.#now();
    const generation = this.#generation;
    const previous = this.#current;
    const loading = this.#load()
      .then(value => {
        if (generation === this.#generation) {
          this.#current = { value, loadedAt: startedAt, invalidated: false };
        }
        return value;
      })
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
    this.#loading = loading;
    if (previous) {
      loading.catch(error => {
        if (this.#current === previous) {
          // Retry after another maxAgeMs rather than on every request meanwhile.
          previous.loadedAt = this.#now();
          previous.invalidated = false;
        }
        this.#onReloadError(error);
      });
    }
    return loading;
  }
}
