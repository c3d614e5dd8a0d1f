import { CLUSTER_INPUT_DESCRIPTION, parseClusterInput } from './clusterInput';
import { requireUser } from './requireUser';
import { Zod } from './schemas';
import { FleetActionsOptions } from './types';

const inputSchema = (z: Zod) =>
  z.object({
    cluster: z.string().min(1).describe(CLUSTER_INPUT_DESCRIPTION),
  });

const outputSchema = (z: Zod) =>
  z.object({
    ref: z.string().describe('Entity ref of the cluster'),
    role: z.enum(['global', 'edge']),
    clusterLabel: z.string(),
    chartVersion: z
      .string()
      .describe('The kube-prometheus-stack chart version the values are for'),
    fileName: z.string().describe('The file name to save the values under'),
    yaml: z.string().describe('The Helm values, as commented YAML'),
    helmCommand: z
      .string()
      .describe(
        'The helm upgrade --install command that installs these values, reading them from fileName',
      ),
    engine: z
      .enum(['mimir', 'cortex', 'thanos', 'victoriametrics'])
      .optional()
      .describe(
        'What runs the global these values belong to, when it is not a Prometheus',
      ),
    onboarding: z
      .string()
      .optional()
      .describe(
        'A global that is not a Prometheus: what to configure on its engine instead, as yaml then holds only comments and helmCommand installs nothing',
      ),
  });

/** Registers `get-cluster-values`. */
export function registerGetClusterValuesAction({
  actionsRegistry,
  fleet,
  auth,
}: FleetActionsOptions) {
  actionsRegistry.register({
    name: 'get-cluster-values',
    title: 'Get Prometheus fleet Helm values of a cluster',
    description: [
      'Generates the kube-prometheus-stack Helm values of one cluster of the Prometheus fleet, from its catalog entity: for an edge, a Prometheus agent remote-writing to its global; for a global, a Prometheus server receiving remote write, with the fleet alerting rules; for a global run by Grafana Mimir, Cortex, Thanos or VictoriaMetrics, no values but what to configure on it (onboarding).',
      'Returns the values YAML, the file name to save it under, the chart version and the helm upgrade --install command to run with it. It only reads: nothing is installed.',
      'Fails with a conflict, naming the problems, when the cluster has catalog problems that leave nothing correct to generate (fix those first; get-cluster-health lists them), and with not found for a cluster that is not in the fleet or that the calling user may not read in the catalog.',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: { input: inputSchema, output: outputSchema },
    examples: [
      {
        title: 'Values to install an edge',
        input: { cluster: 'edge-eu-1' },
      },
      {
        title: 'Values of a global, by entity ref',
        input: { cluster: 'resource:default/global-eu' },
      },
    ],
    action: async ({ input, credentials }) => {
      const request = { credentials: requireUser(auth, credentials) };
      const key = parseClusterInput(input.cluster, 'cluster');
      // A ConflictError naming the blocking problems passes through as is.
      const values = await fleet.getValues(key, request);
      return {
        output: {
          ref: values.ref,
          role: values.role,
          clusterLabel: values.clusterLabel,
          chartVersion: values.chartVersion,
          fileName: values.fileName,
          yaml: values.yaml,
          helmCommand: values.helmCommand,
          ...(values.engine && values.engine !== 'prometheus'
            ? { engine: values.engine }
            : {}),
          ...(values.onboarding ? { onboarding: values.onboarding } : {}),
        },
      };
    },
  });
}
