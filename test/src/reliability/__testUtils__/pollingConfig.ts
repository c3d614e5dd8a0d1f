/** How often the reliability backends poll. */
export const RELIABILITY_CYCLE_SECONDS = 1;

/** Look-back windows of the reliability backends, in seconds: short, so that faults show within a cycle or two. */
export const RELIABILITY_WINDOWS = { window: 30, lastSeenWindow: 600 };

/**
 * `prometheusFleet` config polling one query endpoint every cycle, soon
 * after start, with the reliability windows.
 */
export function pollingConfig(endpoint: {
  name: string;
  url: string;
  timeout?: string;
  headers?: Record<string, string>;
}) {
  return {
    queryEndpoints: [endpoint],
    schedule: {
      frequency: { seconds: RELIABILITY_CYCLE_SECONDS },
      timeout: { seconds: 10 },
      initialDelay: { milliseconds: 200 },
    },
    queries: {
      window: `${RELIABILITY_WINDOWS.window}s`,
      lastSeenWindow: `${RELIABILITY_WINDOWS.lastSeenWindow}s`,
    },
  };
}
