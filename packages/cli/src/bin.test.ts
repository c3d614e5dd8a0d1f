import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createTempDir,
  edgeEntity,
  globalEntity,
  yamlDocuments,
} from './testing';

const tsx = require.resolve('tsx/cli');

function run(...args: string[]) {
  return spawnSync(
    process.execPath,
    [tsx, resolve(__dirname, 'bin.ts'), ...args],
    {
      encoding: 'utf8',
    },
  );
}

describe('bin', () => {
  it('sets the process exit code: 0 done, 1 problems, 2 unusable input', async () => {
    const dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1', {
          'prometheus-fleet.io/cluster-label': 'not a label',
        }),
      ),
      'broken.yaml': 'kind: [Resource\n',
    });
    try {
      const values = run(
        'values',
        '--catalog',
        dir.path('fleet.yaml'),
        '--cluster',
        'global-eu',
      );
      expect(values).toMatchObject({
        status: 0,
        stdout: expect.stringContaining('enableRemoteWriteReceiver: true'),
      });
      expect(values.stderr).toMatch(/^helm upgrade --install /);

      const lint = run('lint', '--catalog', dir.path('fleet.yaml'));
      expect(lint).toMatchObject({
        status: 1,
        stdout: expect.stringContaining('[invalid-cluster-label]'),
      });

      const malformed = run('lint', '--catalog', dir.path('broken.yaml'));
      expect(malformed).toMatchObject({
        status: 2,
        stdout: '',
        stderr: expect.stringContaining(
          `Malformed YAML in ${dir.path('broken.yaml')}:2:1`,
        ),
      });
    } finally {
      await dir.cleanup();
    }
  }, 60_000);
});
