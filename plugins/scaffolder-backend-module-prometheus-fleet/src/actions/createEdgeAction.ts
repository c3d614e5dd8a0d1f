import fs from 'node:fs/promises';
import path from 'node:path';
import {
  BackstageCredentials,
  isChildPath,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_MAX_SHARDS,
  generateValues,
  hasBlockingProblems,
  indexFleet,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import { readFleetSettings } from '../config';
import { buildEdgeEntity, entityToYaml } from './edgeEntity';
import { EdgeInput, parseEdgeInput } from './edgeRequest';
import { fleetProblems, loadClusterEntities } from './fleetChecks';
import { withoutTrace } from './withoutTrace';

/** @public */
export const CREATE_EDGE_ACTION_ID = 'prometheus-fleet:edge:create';

const CATALOG_INFO_FILE = 'catalog-info.yaml';

function targetDirectory(workspacePath: string, targetPath = '.'): string {
  const directory = path.resolve(workspacePath, targetPath);
  if (!isChildPath(workspacePath, directory)) {
    throw new InputError(
      `targetPath ${JSON.stringify(targetPath)} is outside the workspace.`,
    );
  }
  return directory;
}

function workspaceRelative(workspacePath: string, file: string): string {
  return path.relative(workspacePath, file).split(path.sep).join('/');
}

/**
 * Creates the `prometheus-fleet:edge:create` action: validates a new edge
 * against the catalog's fleet and writes its `catalog-info.yaml` and Helm
 * values into the workspace.
 *
 * @public
 */
export function createEdgeAction(options: {
  catalog: CatalogService;
  config: RootConfigService;
  /** Where an unexpected failure's details go; the run log gets a sentence. */
  logger?: LoggerService;
}) {
  const { catalog, logger } = options;
  const settings = readFleetSettings(options.config);

  return createTemplateAction({
    id: CREATE_EDGE_ACTION_ID,
    description:
      'Validates a new edge cluster against the Prometheus fleet in the catalog and writes its catalog-info.yaml and kube-prometheus-stack values into the workspace.',
    examples: [
      {
        description: 'Onboard edge-eu-3, writing to the global global-eu',
        example: [
          'steps:',
          '  - id: edge',
          '    action: prometheus-fleet:edge:create',
          '    input:',
          '      name: edge-eu-3',
          '      global: resource:default/global-eu',
          '      owner: group:default/platform-team',
          '      tenant: payments',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'Entity name of the new cluster (Backstage entity name rules).',
          }),
        global: z =>
          z.string({
            description:
              'Entity ref of the global the edge writes to, e.g. resource:default/global-eu.',
          }),
        owner: z =>
          z.string({ description: 'Entity ref of the owning group or user.' }),
        clusterLabel: z =>
          z
            .string({
              description:
                'Value of the cluster label on every series; defaults to the name.',
            })
            .optional(),
        tenant: z =>
          z
            .string({
              description:
                "Tenant id, sent in the tenant header of the global's engine (X-Scope-OrgID, THANOS-TENANT).",
            })
            .optional(),
        title: z =>
          z
            .string({ description: 'Catalog title (metadata.title).' })
            .optional(),
        description: z =>
          z.string({ description: 'Catalog description.' }).optional(),
        maxShards: z =>
          z
            .union([z.number(), z.string()], {
              description: `Overrides queueConfig.maxShards for this edge (the ${ANNOTATION_MAX_SHARDS} annotation): a whole number, not below the configured minShards.`,
            })
            .optional(),
        apiServer: z =>
          z
            .string({
              description:
                'Kubernetes API server URL (kubernetes.io/api-server annotation).',
            })
            .optional(),
        apiServerCertificateAuthority: z =>
          z
            .string({
              description:
                'Base64 PEM CA of the API server (kubernetes.io/api-server-certificate-authority annotation).',
            })
            .optional(),
        authProvider: z =>
          z
            .string({
              description:
                'Kubernetes plugin auth provider, e.g. serviceAccount (kubernetes.io/auth-provider annotation).',
            })
            .optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Workspace directory to write the files into. Defaults to the workspace root.',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'Entity ref of the new cluster.' }),
        clusterLabel: z =>
          z.string({ description: 'Cluster label of the new cluster.' }),
        catalogInfoPath: z =>
          z.string({
            description: 'Workspace path of the written catalog-info.yaml.',
          }),
        valuesPath: z =>
          z.string({
            description: 'Workspace path of the written Helm values file.',
          }),
        helmCommand: z =>
          z.string({
            description: 'helm upgrade --install command for the values file.',
          }),
      },
    },
    // A dry run behaves exactly like a real run: it only reads the catalog
    // and writes into the workspace, which is a temporary one in a dry run.
    async handler(ctx) {
      await withoutTrace(CREATE_EDGE_ACTION_ID, ctx.task?.id, logger, () =>
        createEdge(ctx),
      );
    },
  });

  async function createEdge(ctx: {
    input: EdgeInput & { targetPath?: string };
    workspacePath: string;
    logger: LoggerService;
    getInitiatorCredentials: () => Promise<BackstageCredentials>;
    output(name: string, value: string): void;
  }): Promise<void> {
    const request = parseEdgeInput(ctx.input);
    const directory = targetDirectory(ctx.workspacePath, ctx.input.targetPath);
    const credentials = await ctx.getInitiatorCredentials();
    const clusters = await loadClusterEntities(catalog, credentials);
    const resolveOptions = {
      queryEndpoints: settings.queryEndpoints,
      queryEndpointEngines: settings.valuesOptions.queryEndpointEngines,
      queueConfig: settings.valuesOptions.queueConfig,
    };

    const problems = await fleetProblems(
      request,
      resolveFleet(clusters, resolveOptions),
      catalog,
      credentials,
    );
    if (problems.length > 0) {
      throw new InputError(problems.join(' '));
    }

    const entity = buildEdgeEntity(request);
    const fleet = indexFleet(
      resolveFleet([...clusters, entity], resolveOptions),
    );
    // The fleet's own rules judge what the checks above do not, such as a
    // max-shards annotation below the configured minShards.
    const edge = fleet.get(request.ref)!;
    if (hasBlockingProblems(edge)) {
      throw new InputError(
        edge.problems
          .filter(p => p.severity === 'error')
          .map(p => p.message)
          .join(' '),
      );
    }
    const values = generateValues(
      edge,
      ref => fleet.get(ref),
      settings.valuesOptions,
    );

    const catalogInfoFile = path.join(directory, CATALOG_INFO_FILE);
    const valuesFile = path.join(directory, values.fileName);
    await fs.mkdir(directory, { recursive: true });
    await fs.writeFile(catalogInfoFile, entityToYaml(entity));
    await fs.writeFile(valuesFile, values.yaml);
    ctx.logger.info(
      `Wrote ${CATALOG_INFO_FILE} and ${values.fileName} for ${request.ref}, an edge of ${request.global}`,
    );

    ctx.output('entityRef', request.ref);
    ctx.output('clusterLabel', request.clusterLabel);
    ctx.output(
      'catalogInfoPath',
      workspaceRelative(ctx.workspacePath, catalogInfoFile),
    );
    ctx.output('valuesPath', workspaceRelative(ctx.workspacePath, valuesFile));
    ctx.output('helmCommand', values.helmCommand);
  }
}
