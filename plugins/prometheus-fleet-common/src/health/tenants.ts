import { isRecord } from './vector';
import { QueueHealthResponses } from './parse';
import { QUEUE_HEALTH_QUERY_IDS } from './queries';

/**
 * A federated cycle's responses (queries built with `tenantLabel`), split
 * into one set of responses per tenant, as if each tenant had been queried
 * alone: each sample goes to the tenant its label names, without the label.
 * Every tenant in `tenants` gets a set, empty where the results hold none
 * of its series, and so does every other tenant the results name (a sender
 * in a tenant the catalog does not know). A body that is not a readable
 * vector goes unchanged to every tenant, so that each reads the query as
 * failed.
 *
 * @public
 */
export function splitResponsesByTenant(
  responses: QueueHealthResponses,
  tenantLabel: string,
  tenants: readonly string[],
): Map<string, QueueHealthResponses> {
  const split = new Map<string, Record<string, unknown[]>>(
    tenants.map(tenant => [tenant, {}]),
  );
  const unreadable: QueueHealthResponses = {};
  const results = new Map<string, Record<string, unknown>>();
  for (const query of QUEUE_HEALTH_QUERY_IDS) {
    const body = responses[query];
    const data = isRecord(body) ? body.data : undefined;
    const result = isRecord(data) ? data.result : undefined;
    if (body === undefined) continue;
    if (!isRecord(body) || !Array.isArray(result)) {
      unreadable[query] = body;
      continue;
    }
    results.set(query, body);
    for (const sample of result) {
      const metric = isRecord(sample) ? sample.metric : undefined;
      if (!isRecord(metric)) continue;
      const { [tenantLabel]: tenant, ...labels } = metric;
      // Every series of a federated answer carries it; one without belongs to no tenant.
      if (typeof tenant !== 'string') continue;
      let byQuery = split.get(tenant);
      if (!byQuery) {
        byQuery = {};
        split.set(tenant, byQuery);
      }
      (byQuery[query] ??= []).push({ ...sample, metric: labels });
    }
  }
  return new Map(
    [...split].map(([tenant, byQuery]) => [
      tenant,
      {
        ...unreadable,
        ...Object.fromEntries(
          [...results].map(([query, body]) => [
            query,
            {
              ...body,
              data: {
                ...(body.data as object),
                result: byQuery[query] ?? [],
              },
            },
          ]),
        ),
      },
    ]),
  );
}
