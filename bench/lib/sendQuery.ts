import { QueueHealthQuery } from 'backstage-plugin-prometheus-fleet-common';

/**
 * Sends one query to the global and reads its answer to the end, unparsed:
 * the bench times the global, not the poller's parsing.
 */
export async function sendQuery(
  url: string,
  query: Pick<QueueHealthQuery, 'promql'> & { id: string },
): Promise<void> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: query.promql }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`The ${query.id} query failed: ${text}`);
  }
}
