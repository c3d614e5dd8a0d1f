import { HEALTH_STATUSES_WORST_FIRST } from 'backstage-plugin-prometheus-fleet-common';
import { EDGE_STATUSES_WORST_FIRST } from './healthStatuses';
import { ownerMatcher, resolveGlobal } from './fleetFilters';
import { requireUser } from './requireUser';
import { DESCRIBE, Zod } from './schemas';
import {
  DEFAULT_LIST_LIMIT,
  MAX_LIST_LIMIT,
  summarizeFleetHealth,
} from './summarizeFleetHealth';
import { FleetActionsOptions } from './types';

const healthStatusSchema = (z: Zod) => z.enum(HEALTH_STATUSES_WORST_FIRST);

const inputSchema = (z: Zod) =>
  z.object({
    global: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Only this global and the edges that remote-write to it: its name, e.g. "global-eu", or entity ref, e.g. "resource:default/global-eu"',
      ),
    owner: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Only clusters of this owner: an entity ref, e.g. "group:default/platform-team", or a name, e.g. "platform-team" (any kind, namespace default)',
      ),
    status: healthStatusSchema(z)
      .optional()
      .describe(
        'List only the edges of this health status (counts and problems still cover all edges in scope)',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIST_LIMIT)
      .optional()
      .describe(
        `At most this many edges, and this many problems, are listed; default ${DEFAULT_LIST_LIMIT}, at most ${MAX_LIST_LIMIT}`,
      ),
  });

const outputSchema = (z: Zod) =>
  z.object({
    filters: z
      .object({
        global: z.string().optional(),
        owner: z.string().optional(),
        status: healthStatusSchema(z).optional(),
      })
      .describe('The filters applied, a global as its entity ref'),
    edgeCount: z
      .number()
      .describe('Edges in scope (global and owner filters; not status)'),
    counts: z
      .object({
        critical: z.number(),
        silent: z.number(),
        warning: z.number(),
        unknown: z.number(),
        pending: z.number(),
        healthy: z.number(),
        'not-polled': z.number(),
      })
      .describe('Edges in scope by health status, worst first'),
    matchingEdgeCount: z
      .number()
      .describe('Edges in scope of the status asked for (all of them without)'),
    edges: z
      .array(
        z.object({
          ref: z.string(),
          title: z.string().optional(),
          global: z
            .string()
            .optional()
            .describe('Entity ref of the global it writes to'),
          owner: z.string().optional(),
          clusterLabel: z.string().describe(DESCRIBE.clusterLabel),
          status: z
            .enum(EDGE_STATUSES_WORST_FIRST)
            .describe(DESCRIBE.edgeStatus),
          reasons: z
            .array(
              z.object({
                code: z.string().describe(DESCRIBE.reasonCode),
                message: z.string(),
              }),
            )
            .describe('Why the edge has its status; empty when healthy'),
          lagSeconds: z.number().nullable().describe(DESCRIBE.lagSeconds),
          lastSeen: z.string().nullable().describe(DESCRIBE.lastSeen),
          observedAt: z.string().optional().describe(DESCRIBE.observedAt),
        }),
      )
      .describe(
        'The matching edges, worst first (then furthest behind), at most limit of them',
      ),
    problemCount: z.number().describe('Problems in scope'),
    problems: z
      .array(
        z.object({
          ref: z.string().describe(DESCRIBE.problemRef),
          code: z.string().describe(DESCRIBE.problemCode),
          message: z.string(),
          severity: z
            .enum(['error', 'warning'])
            .describe(DESCRIBE.problemSeverity),
          source: z
            .enum(['catalog', 'observed'])
            .describe(DESCRIBE.problemSource),
        }),
      )
      .describe(
        'Problems in scope, errors (which block Helm values) first, at most limit of them',
      ),
  });

/** Registers `get-fleet-health`. */
export function registerGetFleetHealthAction({
  actionsRegistry,
  fleet,
  auth,
}: FleetActionsOptions) {
  actionsRegistry.register({
    name: 'get-fleet-health',
    title: 'Get Prometheus fleet health',
    description: [
      'Summarizes the remote-write health of the Prometheus fleet: the edge clusters whose Prometheus agents remote-write to global Prometheus servers.',
      'Returns the count of edges per health status, the worst edges first with the reasons for their status (lag, failed samples, silence, ...), and the fleet problems: wrong catalog annotations (source catalog) and what the last poll observed at the globals (source observed).',
      'Optionally narrowed to one global, one owner, or (for the edge list) one status. Only the clusters the calling user may read in the catalog are counted or listed.',
      'Use it to answer "is the fleet healthy?", "which edges are critical and why?", "what is wrong with the clusters of team X?"; use get-cluster-health for the details of one cluster.',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    examples: [
      {
        title: 'Critical edges of the fleet',
        description: 'The edges that are critical now, and why.',
        input: { status: 'critical', limit: 10 },
      },
      {
        title: 'Health of one team’s clusters',
        input: { owner: 'group:default/platform-team' },
      },
      {
        title: 'Edges writing to one global',
        input: { global: 'global-eu' },
        output: {
          filters: { global: 'resource:default/global-eu' },
          edgeCount: 2,
          counts: {
            critical: 1,
            silent: 0,
            warning: 0,
            unknown: 0,
            pending: 0,
            healthy: 1,
            'not-polled': 0,
          },
          matchingEdgeCount: 2,
          edges: [
            {
              ref: 'resource:default/edge-eu-2',
              global: 'resource:default/global-eu',
              owner: 'group:default/platform-team',
              clusterLabel: 'edge-eu-2',
              status: 'critical',
              reasons: [
                {
                  code: 'lag-over-critical',
                  message: 'lag 200 s over 120 s',
                },
              ],
              lagSeconds: 200,
              lastSeen: '2026-01-10T12:00:00.000Z',
              observedAt: '2026-01-10T12:00:05.000Z',
            },
            {
              ref: 'resource:default/edge-eu-1',
              global: 'resource:default/global-eu',
              owner: 'group:default/platform-team',
              clusterLabel: 'edge-eu-1',
              status: 'healthy',
              reasons: [],
              lagSeconds: 1,
              lastSeen: '2026-01-10T12:00:03.000Z',
              observedAt: '2026-01-10T12:00:05.000Z',
            },
          ],
          problemCount: 0,
          problems: [],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const request = { credentials: requireUser(auth, credentials) };
      const owner =
        input.owner === undefined ? undefined : ownerMatcher(input.owner);
      const [clusters, problems] = await Promise.all([
        fleet.listClusters(request),
        fleet.listProblems(request),
      ]);
      const global =
        input.global === undefined
          ? undefined
          : resolveGlobal(input.global, clusters);
      const summary = summarizeFleetHealth(clusters, problems, {
        global,
        owner,
        status: input.status,
        limit: input.limit ?? DEFAULT_LIST_LIMIT,
      });
      return {
        output: {
          filters: {
            ...(global ? { global } : {}),
            ...(input.owner ? { owner: input.owner.trim() } : {}),
            ...(input.status ? { status: input.status } : {}),
          },
          ...summary,
        },
      };
    },
  });
}
