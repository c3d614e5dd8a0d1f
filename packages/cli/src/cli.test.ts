import { writeFile } from 'node:fs/promises';
import { runCli } from './cli';
import {
  captureIo,
  createTempDir,
  edgeEntity,
  globalEntity,
  yamlDocuments,
} from './testing';

describe('runCli', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  beforeEach(async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1'),
        edgeEntity('edge-broken', { 'prometheus-fleet.io/cluster-label': '-' }),
      ),
    });
  });
  afterEach(() => dir.cleanup());

  async function writeConfig(name: string, chartVersion: string) {
    await writeFile(
      dir.path(name),
      `prometheusFleet:\n  chart:\n    version: ${chartVersion}\n`,
    );
    return dir.path(name);
  }

  it('runs values and exits 0', async () => {
    const io = captureIo();
    await expect(
      runCli(
        [
          'values',
          '--catalog',
          dir.root,
          '--cluster',
          'edge-eu-1',
          '--format',
          'json',
        ],
        io,
      ),
    ).resolves.toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({
      ref: 'resource:default/edge-eu-1',
      role: 'edge',
    });
  });

  it('exits 1 when lint finds errors', async () => {
    const io = captureIo();
    await expect(runCli(['lint', '--catalog', dir.root], io)).resolves.toBe(1);
    expect(io.out()).toContain(
      '[invalid-cluster-label] resource:default/edge-broken',
    );
  });

  it('exits 2 with the message alone for input the user has to fix', async () => {
    const io = captureIo();
    await expect(
      runCli(['values', '--catalog', dir.root, '--cluster', 'edge-eu-9'], io),
    ).resolves.toBe(2);
    expect(io.err()).toBe(
      'No cluster "edge-eu-9" in the fleet. Did you mean resource:default/edge-eu-1?\n',
    );
  });

  it.each([
    [
      ['values', '--catalog', 'x.yaml'],
      "required option '--cluster <cluster>' not specified",
    ],
    [
      ['values', '--catalog', 'x.yaml', '--cluster', 'a', '--format', 'xml'],
      'Allowed choices are yaml, json',
    ],
    [['deploy'], "unknown command 'deploy'"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const io = captureIo();
    await expect(runCli(args, io)).resolves.toBe(2);
    expect(io.err()).toContain(message);
  });

  it('collects repeated --config flags in order', async () => {
    const io = captureIo();
    await runCli(
      [
        'values',
        '--catalog',
        dir.path('fleet.yaml'),
        '--cluster',
        'global-eu',
        '--config',
        await writeConfig('a.yaml', '89.0.0'),
        '--config',
        await writeConfig('b.yaml', '90.0.0'),
      ],
      io,
    );
    expect(io.err()).toContain('--version 90.0.0');
  });

  it('prints help on stdout and exits 0', async () => {
    const io = captureIo();
    await expect(runCli(['values', '--help'], io)).resolves.toBe(0);
    expect(io.out()).toContain('--cluster <cluster>');
  });
});
