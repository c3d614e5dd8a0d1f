import {
  edgeTenant,
  ENGINE_TRAITS,
  FleetCluster,
  parseQueueHealthResponses,
  QueueHealthQuery,
  splitResponsesByTenant,
} from 'backstage-plugin-prometheus-fleet-common';
import { FleetQueryEndpoint } from '../config';
import {
  EndpointPoll,
  pollEndpoint,
  PollEndpointOptions,
  sendQueries,
} from './pollEndpoint';

/** A poll's key among a cycle's polls: its endpoint, and the tenant it read. */
export function pollKey(endpoint: string, tenant?: string): string {
  return tenant === undefined ? endpoint : `${endpoint}\u0000${tenant}`;
}

/**
 * The tenant an edge's series are in at an endpoint read per tenant or
 * federated: its own, or the engine's default; none at other endpoints.
 */
export function tenantAt(
  endpoint: FleetQueryEndpoint | undefined,
  edge: FleetCluster,
): string | undefined {
  if (!endpoint?.tenancy || endpoint.tenancy === 'none') return undefined;
  return edgeTenant(edge, endpoint.engine);
}

export interface TenantPollOptions
  extends Omit<PollEndpointOptions, 'endpoint' | 'expectedClusters'> {
  endpoint: FleetQueryEndpoint;
  /** Each tenant's expected `cluster` labels; without tenancy, under the key undefined. */
  expected: ReadonlyMap<string | undefined, readonly string[]>;
  /** The raw queries keeping a tenant label, for a federated endpoint. */
  federatedQueries: (tenantLabel: string) => readonly QueueHealthQuery[];
}

function withTenantHeader(
  endpoint: FleetQueryEndpoint,
  header: string,
  value: string,
): FleetQueryEndpoint {
  return { ...endpoint, headers: { ...endpoint.headers, [header]: value } };
}

/**
 * One federated query set over the tenants, split by the engine's tenant
 * label into one poll per tenant (those the catalog names, and any other
 * the answer holds). The queries count once, on the first.
 */
async function pollFederated(
  options: TenantPollOptions,
  tenants: readonly string[],
): Promise<EndpointPoll[]> {
  const { endpoint } = options;
  const traits = ENGINE_TRAITS[endpoint.engine ?? 'prometheus'];
  const label = traits.tenantLabel!;
  const queries = options.federatedQueries(label);
  const { bodies, failures } = await sendQueries(
    {
      ...options,
      endpoint:
        traits.federationSeparator && traits.tenantHeader
          ? withTenantHeader(
              endpoint,
              traits.tenantHeader,
              tenants.join(traits.federationSeparator),
            )
          : endpoint,
    },
    queries,
  );
  const answered = failures.length < queries.length;
  const byTenant = splitResponsesByTenant(bodies, label, tenants);
  return [...byTenant].map(([tenant, responses], index) => ({
    endpoint: endpoint.name,
    tenant,
    observation: answered ? parseQueueHealthResponses(responses) : undefined,
    failures,
    queries: index === 0 ? queries.length : 0,
    path: 'raw',
  }));
}

/**
 * One cycle's polls of one endpoint: one poll without tenancy; one per
 * tenant, each with the engine's tenant header, when read `per-tenant`; one
 * query set split by tenant when `federated`. Tenants are read raw: the
 * generated rules are a Prometheus global's.
 */
export async function pollTenants(
  options: TenantPollOptions,
): Promise<EndpointPoll[]> {
  const { endpoint, expected } = options;
  if (!endpoint.tenancy || endpoint.tenancy === 'none') {
    return [
      await pollEndpoint({
        ...options,
        expectedClusters: expected.get(undefined) ?? [],
      }),
    ];
  }
  const tenants = [...expected.keys()]
    .filter((tenant): tenant is string => tenant !== undefined)
    .sort();
  if (!tenants.length) return [];
  if (endpoint.tenancy === 'federated') {
    return pollFederated(options, tenants);
  }
  const header = ENGINE_TRAITS[endpoint.engine ?? 'prometheus'].tenantHeader!;
  return Promise.all(
    tenants.map(async tenant => ({
      ...(await pollEndpoint({
        ...options,
        endpoint: withTenantHeader(endpoint, header, tenant),
        path: 'raw',
        expectedClusters: expected.get(tenant) ?? [],
      })),
      tenant,
    })),
  );
}
