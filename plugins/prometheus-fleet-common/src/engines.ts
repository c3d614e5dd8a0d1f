/**
 * What runs a global: Prometheus itself, or a horizontally scaled engine
 * that takes the same remote write and answers the same query API.
 *
 * @public
 */
export type FleetEngine =
  | 'prometheus'
  | 'mimir'
  | 'cortex'
  | 'thanos'
  | 'victoriametrics';

/** @public */
export const FLEET_ENGINES: readonly FleetEngine[] = [
  'prometheus',
  'mimir',
  'cortex',
  'thanos',
  'victoriametrics',
];

/** True for a string that names an engine of `FLEET_ENGINES`. @public */
export function isFleetEngine(value: string): value is FleetEngine {
  return (FLEET_ENGINES as readonly string[]).includes(value);
}

/**
 * How the poller reads a multi-tenant global:
 *
 * - `none`: one query set, no tenant (Prometheus, VictoriaMetrics
 *   single-node, a single-tenant engine);
 * - `per-tenant`: one query set per tenant the catalog gives the global's
 *   edges, each with the engine's tenant header;
 * - `federated`: one query set over all those tenants (Mimir and Cortex
 *   tenant federation, `a|b|c`; Thanos Query), its results told apart by
 *   the engine's tenant label.
 *
 * @public
 */
export type TenancyMode = 'none' | 'per-tenant' | 'federated';

/** @public */
export const TENANCY_MODES: readonly TenancyMode[] = [
  'none',
  'per-tenant',
  'federated',
];

/** How an engine takes writes and answers queries, per tenant. @public */
export interface EngineTraits {
  /** How sentences call it: `Grafana Mimir`, `Thanos`. */
  name: string;
  /** The path it takes remote write on. */
  writePath: string;
  /** Path of the query API under the endpoint's URL, e.g. `/prometheus` for Mimir. */
  pathPrefix: string;
  /** Header that names the tenant on write and on a per-tenant query; none without tenants. */
  tenantHeader?: string;
  /** The tenant of an edge that names none, where the engine needs one. */
  defaultTenant?: string;
  /**
   * Label a federated query's results carry their tenant in: Mimir's and
   * Cortex's federation add `__tenant_id__`, Thanos Receive stores
   * `tenant_id` on every series.
   */
  tenantLabel?: string;
  /** Separator of several tenants in one federated query's header. */
  federationSeparator?: string;
}

/** Mimir's conventions, which it kept from Cortex. */
const MIMIR_CONVENTIONS: Omit<EngineTraits, 'name'> = {
  writePath: '/api/v1/push',
  pathPrefix: '/prometheus',
  tenantHeader: 'X-Scope-OrgID',
  defaultTenant: 'anonymous',
  tenantLabel: '__tenant_id__',
  federationSeparator: '|',
};

/**
 * The engines' conventions: Mimir and Cortex (remote write `/api/v1/push`,
 * queries under `/prometheus`, `X-Scope-OrgID`, `anonymous` when
 * multi-tenancy is off, federation `a|b|c` labelled `__tenant_id__`); Thanos
 * Receive and Query (`THANOS-TENANT`, `default-tenant`, stored as
 * `tenant_id`).
 *
 * @public
 */
export const ENGINE_TRAITS: Record<FleetEngine, EngineTraits> = {
  prometheus: {
    name: 'Prometheus',
    writePath: '/api/v1/write',
    pathPrefix: '',
  },
  victoriametrics: {
    name: 'VictoriaMetrics',
    writePath: '/api/v1/write',
    pathPrefix: '',
  },
  mimir: { name: 'Grafana Mimir', ...MIMIR_CONVENTIONS },
  cortex: { name: 'Cortex', ...MIMIR_CONVENTIONS },
  thanos: {
    name: 'Thanos',
    writePath: '/api/v1/receive',
    pathPrefix: '',
    tenantHeader: 'THANOS-TENANT',
    defaultTenant: 'default-tenant',
    tenantLabel: 'tenant_id',
  },
};

/**
 * The header engines without tenants (Prometheus, VictoriaMetrics
 * single-node) get an edge's tenant in, as every global did before engines:
 * they ignore it, a proxy in front of them may route on it.
 */
const UNTENANTED_HEADER = 'X-Scope-OrgID';

/**
 * The tenant an edge writes under to a global of this engine: its own
 * (`prometheus-fleet.io/tenant`), else the engine's default tenant
 * (`anonymous` for Mimir and Cortex, `default-tenant` for Thanos); none for
 * an edge without one writing to an engine without tenants.
 *
 * @public
 */
export function edgeTenant(
  edge: { tenant?: string },
  engine: FleetEngine = 'prometheus',
): string | undefined {
  return edge.tenant ?? ENGINE_TRAITS[engine].defaultTenant;
}

/**
 * The headers an edge's remote write carries its tenant in to a global of
 * this engine: the engine's tenant header (`X-Scope-OrgID`,
 * `THANOS-TENANT`), always set for an engine with a default tenant; for an
 * engine without tenants, the edge's own tenant as `X-Scope-OrgID`, if any.
 *
 * @public
 */
export function edgeTenantHeaders(
  edge: { tenant?: string },
  engine: FleetEngine = 'prometheus',
): Record<string, string> | undefined {
  const tenant = edgeTenant(edge, engine);
  if (tenant === undefined) return undefined;
  return { [ENGINE_TRAITS[engine].tenantHeader ?? UNTENANTED_HEADER]: tenant };
}
