/**
 * Retries `attempt` until it returns without throwing, and rethrows its last
 * error after `timeoutMs`, or at once when `giveUpOn` says the error is
 * final: for state the demo reaches on its own schedule (readiness, catalog
 * ingestion, the next queue-health poll).
 */
export async function eventually<T>(
  attempt: () => Promise<T>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    giveUpOn?: (error: unknown) => boolean;
  },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline || options.giveUpOn?.(error)) throw error;
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.intervalMs ?? 500),
    );
  }
}
