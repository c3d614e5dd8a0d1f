import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** How long to wait between checks: from `firstMs`, times `factor`, at most `maxMs`. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  factor?: number;
}

export interface PollState<T> {
  /** What the last check found; undefined until it finds something. */
  value?: T;
  /** The last check's failure, cleared by the next one that succeeds. */
  error?: Error;
  /** A check is running. */
  checking: boolean;
  /** How long until the next check, while waiting for one. */
  nextCheckInMs?: number;
  /** Checks made so far. */
  attempts: number;
  /** Checks at once instead of waiting. */
  checkNow(): void;
}

/**
 * Checks at once, then again with a growing wait until `check` returns
 * something other than undefined; failures are kept for display and the
 * checks go on (a backend restarting, a network blip). Starts over when
 * `deps` change, and stops on unmount.
 */
export function useBackoffPoll<T>(
  check: () => Promise<T | undefined>,
  deps: DependencyList,
  backoff: Backoff,
): PollState<T> {
  const [state, setState] = useState<Omit<PollState<T>, 'checkNow'>>({
    checking: true,
    attempts: 0,
  });
  const wake = useRef<() => void>();
  const { firstMs, maxMs, factor = 1.5 } = backoff;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = firstMs;
    let attempts = 0;
    setState({ checking: true, attempts: 0 });

    const run = async () => {
      timer = undefined;
      wake.current = undefined;
      setState(current => ({
        ...current,
        checking: true,
        nextCheckInMs: undefined,
      }));
      let value: T | undefined;
      let error: Error | undefined;
      try {
        value = await check();
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
      if (stopped) return;
      attempts += 1;
      if (value !== undefined) {
        setState({ value, checking: false, attempts });
        return;
      }
      setState({ error, checking: false, nextCheckInMs: delay, attempts });
      timer = setTimeout(run, delay);
      wake.current = () => {
        if (timer) clearTimeout(timer);
        run();
      };
      delay = Math.min(maxMs, Math.round(delay * factor));
    };
    run();
    return () => {
      stopped = true;
      wake.current = undefined;
      if (timer) clearTimeout(timer);
    };
    // The caller's deps decide when to start over, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, firstMs, maxMs, factor]);

  const checkNow = useCallback(() => wake.current?.(), []);
  return { ...state, checkNow };
}

/** "in 3 s", "in 1 min": when the next check is. */
export function formatWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
