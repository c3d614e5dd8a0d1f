import http from 'node:http';
import { closeServer, listenOnLoopback } from './httpServer';

/**
 * A STAND-IN for a multi-tenant global, for tests only: no Mimir, Cortex or
 * Thanos binary runs here, so this small in-process front gives real
 * servers the tenancy those engines put in front of them (issue #16).
 *
 * - `mimir` (also Cortex): one real Prometheus per tenant, each with its
 *   remote-write receiver on. `POST /api/v1/push` needs `X-Scope-OrgID` (401
 *   `no org id` without it, as Mimir answers) and goes, unchanged, to that
 *   tenant's `/api/v1/write`; a tenant the front has no Prometheus for is
 *   refused with 400, where a Mimir would create it. `/prometheus/api/v1/query`
 *   and `/query_range` (GET or form POST) need the header too. One tenant: the
 *   request goes unchanged to its Prometheus; a tenant without one has no
 *   series, so gets an empty vector (matrix). Several, `a|b` (tenant
 *   federation): the query runs at each tenant and the series are
 *   concatenated, each with `__tenant_id__` (a series' own `__tenant_id__`
 *   becomes `original___tenant_id__`, as in Mimir); one tenant failing fails
 *   the whole answer with its status and body, as Mimir has no partial
 *   answers; scalars and strings are the first tenant's answer.
 * - `thanos`: Thanos Receive and Query over one real VictoriaMetrics.
 *   `POST /api/v1/receive` takes the tenant from `THANOS-TENANT`
 *   (`default-tenant` without it) and writes to VictoriaMetrics's
 *   `/api/v1/write?extra_label=tenant_id=<tenant>`, which labels every
 *   series at ingestion as Receive does. `/api/v1/query` and `/query_range`
 *   go unchanged to VictoriaMetrics: all tenants, told apart by `tenant_id`.
 *
 * What it does NOT prove: Mimir's query engine, query-frontend (splitting,
 * results cache) and federation semantics across tenants (Mimir merges the
 * tenants' series before evaluating, so `sum(x)` over `a|b` is one series
 * there and one per tenant here, and selecting on `__tenant_id__` picks
 * tenants there and matches nothing here); tenant ID validation, per-tenant
 * limits, 429s and authentication; Thanos's hashring, replication,
 * per-tenant TSDBs and external labels, Query's deduplication, partial
 * responses and tenancy enforcement; Thanos's PromQL (VictoriaMetrics answers
 * in MetricsQL, with its `-search.latencyOffset`); the engines' own status
 * codes (a push answers what Prometheus or VictoriaMetrics answered).
 */

export const MIMIR_TENANT_HEADER = 'X-Scope-OrgID';
export const MIMIR_FEDERATED_TENANT_LABEL = '__tenant_id__';
export const THANOS_TENANT_HEADER = 'THANOS-TENANT';
export const THANOS_DEFAULT_TENANT = 'default-tenant';
export const THANOS_TENANT_LABEL = 'tenant_id';

export type TenantFrontOptions =
  | {
      mode: 'mimir';
      /** Tenant → base URL of a Prometheus run with `--web.enable-remote-write-receiver`. */
      tenants: Record<string, string>;
    }
  | {
      mode: 'thanos';
      /** Base URL of a VictoriaMetrics single-node. */
      upstream: string;
    };

export interface TenantFront {
  url: string;
  /** Where senders remote-write: `/api/v1/push` (mimir) or `/api/v1/receive` (thanos). */
  writeUrl: string;
  /** A query endpoint's base URL: `/prometheus` (mimir) or the root (thanos). */
  queryUrl: string;
  /**
   * Requests by tenant, then path. The tenant is the header as sent (`a|b`
   * for a federated query, `''` without one); for Thanos Receive the tenant
   * written to, and `''` for every query.
   */
  requests: Record<string, Record<string, number>>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const FORWARDED_HEADERS = [
  'accept',
  'content-type',
  'content-encoding',
  'user-agent',
  'x-prometheus-remote-write-version',
];
const QUERY_RESULT_TYPES: Record<string, string> = {
  '/api/v1/query': 'vector',
  '/api/v1/query_range': 'matrix',
};
const MIMIR_QUERY_PREFIX = '/prometheus';

const text = (status: number, message: string): Answer => ({
  status,
  headers: { 'Content-Type': 'text/plain' },
  body: `${message}\n`,
});
const json = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request as it came, to another URL; the answer with its body type and remote-write headers. */
async function forward(
  target: string,
  req: http.IncomingMessage,
  body: Buffer,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const response = await fetch(target, {
    method: req.method,
    headers,
    body: hasBody ? body : undefined,
    redirect: 'manual',
  });
  return {
    status: response.status,
    headers: Object.fromEntries(
      [...response.headers].filter(
        ([name]) =>
          name === 'content-type' ||
          name.startsWith('x-prometheus-remote-write-'),
      ),
    ),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

interface Series {
  metric: Record<string, string>;
}

function withTenant(series: Series, tenant: string): Series {
  const { [MIMIR_FEDERATED_TENANT_LABEL]: own, ...metric } = series.metric;
  if (own !== undefined)
    metric[`original_${MIMIR_FEDERATED_TENANT_LABEL}`] = own;
  return {
    ...series,
    metric: { ...metric, [MIMIR_FEDERATED_TENANT_LABEL]: tenant },
  };
}

/** Tenant federation: each tenant's answer, the series concatenated and labelled with their tenant. */
function mergeTenants(tenants: string[], answers: Answer[]): Answer {
  const failed = answers.find(answer => answer.status !== 200);
  if (failed) return failed;
  const bodies = answers.map(answer => JSON.parse(answer.body.toString()));
  const { resultType } = bodies[0].data;
  if (resultType !== 'vector' && resultType !== 'matrix') return answers[0];
  const warnings = bodies.flatMap(body => body.warnings ?? []);
  return json(200, {
    status: 'success',
    data: {
      resultType,
      result: bodies.flatMap((body, i) =>
        (body.data.result as Series[]).map(s => withTenant(s, tenants[i])),
      ),
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  });
}

export async function startTenantFront(
  options: TenantFrontOptions,
): Promise<TenantFront> {
  const requests: TenantFront['requests'] = {};
  const count = (tenant: string, path: string) => {
    const paths = (requests[tenant] ??= {});
    paths[path] = (paths[path] ?? 0) + 1;
  };

  const mimir = async (
    req: http.IncomingMessage,
    path: string,
    search: string,
    body: Buffer,
    tenants: Record<string, string>,
  ): Promise<Answer> => {
    const orgId = req.headers[MIMIR_TENANT_HEADER.toLowerCase()];
    const header = typeof orgId === 'string' ? orgId : '';
    const queryPath = path.startsWith(`${MIMIR_QUERY_PREFIX}/`)
      ? path.slice(MIMIR_QUERY_PREFIX.length)
      : undefined;
    const resultType = queryPath && QUERY_RESULT_TYPES[queryPath];
    if (path !== '/api/v1/push' && !resultType) return text(404, 'not found');
    count(header, path);
    if (!header) return text(401, 'no org id');
    // Mimir sorts and deduplicates the tenants of a federated request.
    const ids = [...new Set(header.split('|'))].sort();
    if (!resultType) {
      if (ids.length > 1) return text(400, 'a push names one tenant');
      const upstream = tenants[header];
      if (!upstream) {
        return text(
          400,
          `this stand-in has no Prometheus for tenant "${header}" (a Mimir would create the tenant)`,
        );
      }
      return forward(`${upstream}/api/v1/write`, req, body);
    }
    const answers = await Promise.all(
      ids.map(id =>
        tenants[id]
          ? forward(`${tenants[id]}${queryPath}${search}`, req, body)
          : json(200, { status: 'success', data: { resultType, result: [] } }),
      ),
    );
    return ids.length === 1 ? answers[0] : mergeTenants(ids, answers);
  };

  const thanos = async (
    req: http.IncomingMessage,
    path: string,
    search: string,
    body: Buffer,
    upstream: string,
  ): Promise<Answer> => {
    if (path === '/api/v1/receive') {
      const header = req.headers[THANOS_TENANT_HEADER.toLowerCase()];
      const tenant =
        typeof header === 'string' && header ? header : THANOS_DEFAULT_TENANT;
      count(tenant, path);
      const label = new URLSearchParams({
        extra_label: `${THANOS_TENANT_LABEL}=${tenant}`,
      });
      return forward(`${upstream}/api/v1/write?${label}`, req, body);
    }
    if (!QUERY_RESULT_TYPES[path]) return text(404, 'not found');
    count('', path);
    return forward(`${upstream}${path}${search}`, req, body);
  };

  const server = http.createServer(async (req, res) => {
    let answer: Answer;
    try {
      const { pathname, search } = new URL(req.url ?? '/', 'http://front');
      const body = await readBody(req);
      answer =
        options.mode === 'mimir'
          ? await mimir(req, pathname, search, body, options.tenants)
          : await thanos(req, pathname, search, body, options.upstream);
    } catch (error) {
      // An upstream that is down fails the whole answer, federated or not.
      answer = text(502, `tenant front could not reach its upstream: ${error}`);
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  const port = await listenOnLoopback(server);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    writeUrl: `${url}${
      options.mode === 'mimir' ? '/api/v1/push' : '/api/v1/receive'
    }`,
    queryUrl: options.mode === 'mimir' ? `${url}${MIMIR_QUERY_PREFIX}` : url,
    requests,
    close: () => closeServer(server),
  };
}
