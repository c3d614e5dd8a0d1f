import fs from 'node:fs/promises';
import path from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { commitCopy, ensureRepository, inRepositoryQueue } from './localGit';
import {
  localGitLocationTarget,
  refreshLocalGitLocation,
} from './localGitLocation';

export const PUBLISH_LOCAL_GIT_ACTION_ID = 'prometheus-fleet:publish:local-git';

const CATALOG_INFO_FILE = 'catalog-info.yaml';

/** The directory inside the root to publish into, refusing any way out of it. */
function targetIn(root: string, directory: string): string {
  const target = path.resolve(root, directory);
  const relative = path.relative(root, target);
  if (
    !directory.trim() ||
    path.isAbsolute(directory) ||
    relative === '' ||
    relative.split(path.sep).includes('.git') ||
    !isChildPath(root, target)
  ) {
    throw new InputError(
      `directory ${JSON.stringify(
        directory,
      )} must be a relative path to a new directory inside the local git root.`,
    );
  }
  return target;
}

function sourceIn(workspacePath: string, sourcePath = '.'): string {
  const source = path.resolve(workspacePath, sourcePath);
  if (!isChildPath(workspacePath, source)) {
    throw new InputError(
      `sourcePath ${JSON.stringify(sourcePath)} is outside the workspace.`,
    );
  }
  return source;
}

async function assertPublishable(source: string): Promise<void> {
  const entries = await fs
    .readdir(source, { recursive: true, withFileTypes: true })
    .catch(() => {
      throw new InputError(`The workspace has no directory ${source}.`);
    });
  const names = entries.filter(e => e.parentPath === source).map(e => e.name);
  if (!names.includes(CATALOG_INFO_FILE)) {
    throw new InputError(
      `The workspace directory has no ${CATALOG_INFO_FILE} to publish.`,
    );
  }
  // A link could make the catalog read files from anywhere on this host.
  const link = entries.find(e => e.isSymbolicLink());
  if (link) {
    throw new InputError(
      `Refusing to publish the symbolic link ${path.relative(
        source,
        path.join(link.parentPath, link.name),
      )}.`,
    );
  }
}

async function assertAbsent(target: string): Promise<void> {
  const taken = await fs.lstat(target).then(
    () => true,
    () => false,
  );
  if (taken) {
    throw new InputError(
      `${target} already exists in the local git root: onboarded clusters are never overwritten.`,
    );
  }
}

/**
 * Creates the `prometheus-fleet:publish:local-git` action, for demos and local
 * development without a Git host: it commits the workspace into a directory
 * of a git repository on this host that the catalog reads as a `file`
 * location, then asks the catalog to re-read that location.
 */
export function createPublishLocalGitAction(options: {
  /** Absolute path of the git repository; nothing outside it is written. */
  root: string;
  catalog: CatalogService;
}) {
  const { root, catalog } = options;

  return createTemplateAction({
    id: PUBLISH_LOCAL_GIT_ACTION_ID,
    description:
      'Demo and development only: commits the workspace into a new directory of the local git repository configured as prometheusFleet.scaffolder.localGitRoot.',
    supportsDryRun: true,
    schema: {
      input: {
        directory: z =>
          z.string({
            description:
              'New directory inside the local git root, e.g. the cluster name.',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Workspace directory to publish. Defaults to the workspace root.',
            })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Commit message.' }).optional(),
      },
      output: {
        repositoryPath: z =>
          z.string({ description: 'Absolute path of the git repository.' }),
        directoryPath: z =>
          z.string({ description: 'Absolute path of the new directory.' }),
        catalogInfoPath: z =>
          z.string({
            description: 'Absolute path of the published catalog-info.yaml.',
          }),
        commitId: z =>
          z
            .string({ description: 'The commit; not set in a dry run.' })
            .optional(),
      },
    },
    async handler(ctx) {
      const target = targetIn(root, ctx.input.directory);
      const source = sourceIn(ctx.workspacePath, ctx.input.sourcePath);
      await assertPublishable(source);
      const directory = path.relative(root, target);

      if (ctx.isDryRun) {
        await assertAbsent(target);
        ctx.logger.info(`Dry run: would commit the workspace to ${target}`);
      } else {
        const commitId = await inRepositoryQueue(root, async () => {
          await ensureRepository(root);
          await assertAbsent(target);
          return commitCopy(
            root,
            source,
            directory,
            ctx.input.commitMessage?.trim() || `Onboard ${directory}`,
          );
        });
        ctx.logger.info(`Committed ${directory} as ${commitId} in ${root}`);
        ctx.output('commitId', commitId);

        const location = `file:${localGitLocationTarget(root)}`;
        try {
          await refreshLocalGitLocation(
            root,
            catalog,
            await ctx.getInitiatorCredentials(),
          );
          ctx.logger.info(`Asked the catalog to re-read ${location}`);
        } catch (error) {
          ctx.logger.warn(
            `Could not ask the catalog to re-read ${location} (${error}). The catalog sees the commit only through that location in catalog.locations, at its next processing round.`,
          );
        }
      }

      ctx.output('repositoryPath', root);
      ctx.output('directoryPath', target);
      ctx.output('catalogInfoPath', path.join(target, CATALOG_INFO_FILE));
    },
  });
}
