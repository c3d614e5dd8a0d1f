import { CLUSTER_INPUT_DESCRIPTION, parseClusterInput } from './clusterInput';
import { HEALTH_STATUSES_WORST_FIRST } from 'backstage-plugin-prometheus-fleet-common';
import { errorsFirst, toProblemOutput } from './problems';
import { requireUser } from './requireUser';
import { DESCRIBE, Zod } from './schemas';
import { FleetActionsOptions } from './types';

const queueHealthSchema = (z: Zod) =>
  z.object({
    status: z.enum(HEALTH_STATUSES_WORST_FIRST).describe(DESCRIBE.healthStatus),
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
    observedAt: z.string().describe(DESCRIBE.observedAt),
    shards: z
      .object({
        current: z.number().nullable(),
        desired: z.number().nullable(),
        max: z.number().nullable(),
      })
      .describe('Remote-write shards: running, wanted by Prometheus, allowed'),
    pendingSamples: z
      .number()
      .nullable()
      .describe('Samples waiting in the queue'),
    failedRate: z.number().nullable().describe('Failed samples per second'),
    retriedRate: z.number().nullable().describe('Retried samples per second'),
    droppedRate: z
      .number()
      .nullable()
      .describe(
        'Dropped samples per second (reported, not judged: write relabelling drops on purpose)',
      ),
    receiver: z
      .object({
        targetsUp: z.number(),
        targetsDown: z.number(),
        seriesPerScrape: z.number().nullable(),
        newestSampleAt: z.string().nullable(),
      })
      .optional()
      .describe("What the global holds of the edge's scrapes"),
  });

const inputSchema = (z: Zod) =>
  z.object({
    cluster: z.string().min(1).describe(CLUSTER_INPUT_DESCRIPTION),
  });

const outputSchema = (z: Zod) =>
  z.object({
    ref: z.string().describe('Entity ref of the cluster'),
    title: z.string().optional(),
    role: z
      .enum(['global', 'edge'])
      .describe(
        'global: a Prometheus server receiving remote write; edge: a Prometheus agent writing to a global',
      ),
    global: z
      .string()
      .optional()
      .describe('Edges: entity ref of the global the edge writes to'),
    globalReadable: z
      .boolean()
      .optional()
      .describe(
        'false when you may not read that global in the catalog: only its ref is given',
      ),
    owner: z.string().optional().describe('Entity ref of the owner'),
    clusterLabel: z.string().describe(DESCRIBE.clusterLabel),
    health: queueHealthSchema(z)
      .optional()
      .describe(
        'Edges: the latest remote-write queue health, as polled from the global; absent for a global, and for an edge not polled yet',
      ),
    rules: z
      .object({
        state: z
          .enum(['running', 'mismatch', 'absent'])
          .describe(
            'running: the global evaluates the generated alerting and recording rules; mismatch: rules of other settings (older values); absent: none',
          ),
        observedAt: z.string(),
      })
      .optional()
      .describe('Globals: whether the global runs the generated rules'),
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
        'Its problems, errors (which block Helm values) first: catalog mapping problems and those the last poll observed',
      ),
  });

/** Registers `get-cluster-health`. */
export function registerGetClusterHealthAction({
  actionsRegistry,
  fleet,
  auth,
}: FleetActionsOptions) {
  actionsRegistry.register({
    name: 'get-cluster-health',
    title: 'Get Prometheus fleet cluster health',
    description: [
      'Describes one cluster of the Prometheus fleet: its role (a global Prometheus server, or an edge Prometheus agent remote-writing to a global), its global, owner and cluster label, the latest remote-write queue health of an edge (status, reasons, lag, last seen, shards, sample rates) and its problems (catalog mapping and observed at the globals).',
      'Globals have no queue health of their own: use get-fleet-health with the global to see its edges.',
      'Fails with not found for a cluster that is not in the fleet or that the calling user may not read in the catalog.',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    examples: [
      {
        title: 'Why is an edge unhealthy?',
        input: { cluster: 'edge-eu-1' },
        output: {
          ref: 'resource:default/edge-eu-1',
          role: 'edge',
          global: 'resource:default/global-eu',
          owner: 'group:default/platform-team',
          clusterLabel: 'edge-eu-1',
          health: {
            status: 'silent',
            reasons: [{ code: 'no-sample', message: 'no sample for 15 min' }],
            lagSeconds: null,
            lastSeen: '2026-01-10T11:45:00.000Z',
            observedAt: '2026-01-10T12:00:05.000Z',
            shards: { current: 1, desired: 1, max: 50 },
            pendingSamples: 0,
            failedRate: 0,
            retriedRate: 0,
            droppedRate: 0,
          },
          problems: [],
        },
      },
      {
        title: 'A cluster by entity ref',
        input: { cluster: 'resource:default/global-eu' },
      },
    ],
    action: async ({ input, credentials }) => {
      const request = { credentials: requireUser(auth, credentials) };
      const key = parseClusterInput(input.cluster, 'cluster');
      const [cluster, problems] = await Promise.all([
        fleet.getCluster(key, request),
        fleet.listProblems(request),
      ]);
      return {
        output: {
          ref: cluster.ref,
          ...(cluster.title ? { title: cluster.title } : {}),
          role: cluster.role,
          ...(cluster.global ? { global: cluster.global } : {}),
          ...(cluster.globalReadable === false
            ? { globalReadable: false }
            : {}),
          ...(cluster.owner ? { owner: cluster.owner } : {}),
          clusterLabel: cluster.clusterLabel,
          ...(cluster.health ? { health: cluster.health } : {}),
          ...(cluster.rules ? { rules: cluster.rules } : {}),
          problems: errorsFirst(
            problems.filter(problem => problem.ref === cluster.ref),
          ).map(toProblemOutput),
        },
      };
    },
  });
}
