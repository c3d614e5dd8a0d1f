import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { locationSpecToMetadataName } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalGitAction } from './publishLocalGitAction';

const CATALOG_INFO = 'kind: Resource\nmetadata:\n  name: edge-eu-3\n';
const VALUES = 'prometheus:\n  agentMode: true\n';

function git(repository: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repository,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

describe('prometheus-fleet:publish:local-git', () => {
  const mockDir = createMockDirectory();
  const root = mockDir.resolve('onboarded');
  const workspacePath = mockDir.resolve('workspace');
  let catalog: ReturnType<typeof catalogServiceMock>;

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml': CATALOG_INFO,
        'values-edge-eu-3.yaml': VALUES,
      },
      outside: {},
    });
    catalog = catalogServiceMock();
  });

  function run(input: Record<string, string>, isDryRun?: boolean) {
    const ctx = {
      ...createMockActionContext({ input, workspacePath }),
      isDryRun,
    };
    const action = createPublishLocalGitAction({ root, catalog });
    return { ctx, done: action.handler(ctx as any) };
  }

  it('commits the workspace into a new directory of a new repository', async () => {
    const { ctx, done } = run({
      directory: 'edge-eu-3',
      commitMessage: 'Onboard edge-eu-3',
    });
    await done;

    const commitId = git(root, 'rev-parse', 'HEAD');
    expect(ctx.output).toHaveBeenCalledWith('commitId', commitId);
    expect(git(root, 'log', '--format=%an <%ae>|%cn <%ce>|%s')).toBe(
      'Prometheus Fleet scaffolder <scaffolder@prometheus-fleet.invalid>|Prometheus Fleet scaffolder <scaffolder@prometheus-fleet.invalid>|Onboard edge-eu-3',
    );
    expect(
      git(root, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n'),
    ).toEqual([
      'edge-eu-3/catalog-info.yaml',
      'edge-eu-3/values-edge-eu-3.yaml',
    ]);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(git(root, 'show', 'HEAD:edge-eu-3/catalog-info.yaml')).toBe(
      CATALOG_INFO.trim(),
    );

    const catalogInfoPath = path.join(root, 'edge-eu-3', 'catalog-info.yaml');
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoPath', catalogInfoPath);
    expect(ctx.output).toHaveBeenCalledWith('repositoryPath', root);
    expect(ctx.output).toHaveBeenCalledWith(
      'directoryPath',
      path.join(root, 'edge-eu-3'),
    );
    expect(fs.readFileSync(catalogInfoPath, 'utf8')).toBe(CATALOG_INFO);
  });

  it('adds later clusters as commits of their own directory only', async () => {
    await run({ directory: 'edge-eu-3' }).done;
    fs.writeFileSync(path.join(root, 'unrelated.txt'), 'not mine');
    git(root, 'add', 'unrelated.txt');

    await run({ directory: 'edge-eu-4' }).done;

    expect(git(root, 'rev-list', '--count', 'HEAD')).toBe('2');
    expect(git(root, 'log', '-1', '--format=%s')).toBe('Onboard edge-eu-4');
    expect(
      git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n'),
    ).toEqual([
      'edge-eu-4/catalog-info.yaml',
      'edge-eu-4/values-edge-eu-3.yaml',
    ]);
  });

  it('commits concurrent tasks of separate action instances one after the other', async () => {
    const directories = [...'abcdefghijkl'].map(letter => `edge-${letter}`);
    await Promise.all(directories.map(directory => run({ directory }).done));

    expect(git(root, 'rev-list', '--count', 'HEAD')).toBe('12');
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('makes the root a repository of its own inside an enclosing repository', async () => {
    const enclosing = mockDir.resolve('outside');
    git(enclosing, 'init', '--quiet');
    const nestedRoot = path.join(enclosing, 'onboarded');
    const ctx = createMockActionContext({
      input: { directory: 'edge-eu-3' },
      workspacePath,
    });

    await createPublishLocalGitAction({ root: nestedRoot, catalog }).handler(
      ctx,
    );

    expect(git(nestedRoot, 'rev-parse', '--show-toplevel')).toBe(
      fs.realpathSync(nestedRoot),
    );
    expect(() => git(enclosing, 'rev-parse', 'HEAD')).toThrow();
  });

  it("asks the catalog to re-read the root's file location", async () => {
    const refreshEntity = jest.spyOn(catalog, 'refreshEntity');

    await run({ directory: 'edge-eu-3' }).done;

    const name = locationSpecToMetadataName({
      type: 'file',
      target: path.join(root, '*', 'catalog-info.yaml'),
    });
    expect(refreshEntity).toHaveBeenCalledWith(`location:default/${name}`, {
      credentials: expect.anything(),
    });
  });

  it('still succeeds when the catalog has no such location', async () => {
    jest
      .spyOn(catalog, 'refreshEntity')
      .mockRejectedValue(new NotFoundError('Failed to schedule refresh'));
    const { ctx, done } = run({ directory: 'edge-eu-3' });

    await done;

    expect(ctx.output).toHaveBeenCalledWith(
      'commitId',
      git(root, 'rev-parse', 'HEAD'),
    );
  });

  it('validates without writing in a dry run', async () => {
    const { ctx, done } = run({ directory: 'edge-eu-3' }, true);
    await done;

    expect(fs.existsSync(root)).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(root, 'edge-eu-3', 'catalog-info.yaml'),
    );
    expect(ctx.output).not.toHaveBeenCalledWith('commitId', expect.anything());
  });

  it('never overwrites a directory that exists', async () => {
    await run({ directory: 'edge-eu-3' }).done;
    const before = git(root, 'rev-parse', 'HEAD');

    await expect(run({ directory: 'edge-eu-3' }).done).rejects.toThrow(
      /already exists in the local git root/,
    );
    expect(git(root, 'rev-parse', 'HEAD')).toBe(before);
  });

  describe('refuses paths outside the root', () => {
    beforeEach(() => {
      fs.mkdirSync(root);
      fs.symlinkSync(mockDir.resolve('outside'), path.join(root, 'link'));
    });

    it.each([
      ['a parent directory', '../outside/edge'],
      ['a parent directory in the middle', 'edge/../../outside/edge'],
      ['an absolute path', mockDir.resolve('outside', 'edge')],
      ['the root itself', '.'],
      ['an empty directory', ''],
      ['the git directory', '.git/hooks'],
      ['a symbolic link out of the root', 'link/edge'],
    ])('%s', async (_, directory) => {
      await expect(run({ directory }).done).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringMatching(
            /must be a relative path to a new directory inside the local git root/,
          ),
        }),
      );
      expect(fs.readdirSync(mockDir.resolve('outside'))).toEqual([]);
      expect(fs.readdirSync(root)).toEqual(['link']);
    });
  });

  it('refuses a workspace without catalog-info.yaml', async () => {
    fs.rmSync(path.join(workspacePath, 'catalog-info.yaml'));

    await expect(run({ directory: 'edge-eu-3' }).done).rejects.toThrow(
      /The workspace directory has no catalog-info.yaml/,
    );
    expect(fs.existsSync(root)).toBe(false);
  });

  it('refuses to publish symbolic links', async () => {
    fs.symlinkSync('/etc/passwd', path.join(workspacePath, 'passwd'));

    await expect(run({ directory: 'edge-eu-3' }).done).rejects.toThrow(
      /Refusing to publish the symbolic link passwd/,
    );
    expect(fs.existsSync(root)).toBe(false);
  });

  it('refuses a sourcePath outside the workspace', async () => {
    await expect(
      run({ directory: 'edge-eu-3', sourcePath: '../outside' }).done,
    ).rejects.toThrow(/sourcePath "..\/outside" is outside the workspace/);
  });
});
