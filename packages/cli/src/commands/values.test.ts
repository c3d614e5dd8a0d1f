import { readdir, readFile } from 'node:fs/promises';
import { Entity } from '@backstage/catalog-model';
import {
  fleetLookup,
  generateValues,
  resolveFleet,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  captureIo,
  clusterEntity,
  createTempDir,
  edgeEntity,
  globalEntity,
  yamlDocuments,
} from '../testing';
import { valuesCommand } from './values';

const entities = [
  globalEntity('global-eu'),
  edgeEntity('edge-eu-1', { 'prometheus-fleet.io/tenant': 'payments' }),
  edgeEntity('edge-broken', {
    'prometheus-fleet.io/cluster-label': 'not a label',
  }),
  clusterEntity('lab', { 'prometheus-fleet.io/role': 'sidecar' }),
];

/** What the backend serves for the same entities: the common generator's output. */
function expectedValues(ref: string, options: ValuesOptions = {}) {
  const fleet = fleetLookup(resolveFleet(entities as Entity[]));
  return generateValues(fleet.cluster(ref)!, fleet, options);
}

describe('valuesCommand', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  beforeEach(async () => {
    dir = await createTempDir({
      'catalog/fleet.yaml': yamlDocuments(...entities),
      'app-config.yaml': [
        'prometheusFleet:',
        '  chart: { version: 89.1.0, releaseName: prometheus, namespace: observability }',
        '  remoteWrite: { queueConfig: { maxShards: 50 } }',
      ].join('\n'),
    });
  });
  afterEach(() => dir.cleanup());

  it('prints the commented YAML on stdout and the helm command on stderr', async () => {
    const io = captureIo();
    const code = await valuesCommand(
      { catalog: dir.path('catalog'), cluster: 'edge-eu-1' },
      io,
    );
    const expected = expectedValues('resource:default/edge-eu-1');
    expect(code).toBe(0);
    expect(io.out()).toBe(expected.yaml);
    expect(io.out()).toContain('X-Scope-OrgID: payments');
    expect(io.err()).toBe(`${expected.helmCommand}\n`);
  });

  it('prints the same object as the backend for format json', async () => {
    const io = captureIo();
    const code = await valuesCommand(
      {
        catalog: dir.path('catalog'),
        cluster: 'resource:default/global-eu',
        format: 'json',
      },
      io,
    );
    const printed = JSON.parse(io.out());
    expect(code).toBe(0);
    expect(printed).toEqual(expectedValues('resource:default/global-eu'));
    expect(Object.keys(printed).sort()).toEqual([
      'chartVersion',
      'clusterLabel',
      'fileName',
      'helmCommand',
      'ref',
      'role',
      'values',
      'yaml',
    ]);
    expect(io.err()).toBe('');
  });

  it('takes chart and queue settings from app-config, and --chart-version over it', async () => {
    const withConfig = captureIo();
    await valuesCommand(
      {
        catalog: dir.path('catalog'),
        cluster: 'edge-eu-1',
        format: 'json',
        config: [dir.path('app-config.yaml')],
      },
      withConfig,
    );
    const generated = JSON.parse(withConfig.out());
    expect(generated.chartVersion).toBe('89.1.0');
    expect(
      generated.values.prometheus.prometheusSpec.remoteWrite[0].queueConfig,
    ).toEqual({
      maxShards: 50,
    });

    const withFlag = captureIo();
    await valuesCommand(
      {
        catalog: dir.path('catalog'),
        cluster: 'edge-eu-1',
        chartVersion: '90.0.0',
        config: [dir.path('app-config.yaml')],
      },
      withFlag,
    );
    expect(withFlag.out()).toContain('kube-prometheus-stack 90.0.0 values');
    expect(withFlag.err()).toBe(
      'helm upgrade --install prometheus prometheus-community/kube-prometheus-stack --version 90.0.0 --namespace observability --create-namespace --values values-edge-eu-1.yaml\n',
    );
  });

  it('refuses a chart version that is not an exact version', async () => {
    await expect(
      valuesCommand(
        {
          catalog: dir.path('catalog'),
          cluster: 'edge-eu-1',
          chartVersion: '88; rm -rf /',
        },
        captureIo(),
      ),
    ).rejects.toThrow(
      '--chart-version "88; rm -rf /" is not an exact chart version such as 88.5.3.',
    );
  });

  it('prints the problems of a blocked cluster, exits 1 and writes nothing', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(...entities),
      'values.yaml': 'previous: true\n',
    });
    const io = captureIo();
    const code = await valuesCommand(
      {
        catalog: dir.path('fleet.yaml'),
        cluster: 'edge-broken',
        out: dir.path('values.yaml'),
      },
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(
      new RegExp(
        `^Cannot generate values for resource:default/edge-broken:\n${dir.path(
          'fleet.yaml',
        )}:\\d+: error \\[invalid-cluster-label\\] resource:default/edge-broken: Cluster label "not a label" is not a valid label value`,
      ),
    );
    await expect(readFile(dir.path('values.yaml'), 'utf8')).resolves.toBe(
      'previous: true\n',
    );
  });

  it('treats an entity rejected from the fleet as blocked', async () => {
    const io = captureIo();
    const code = await valuesCommand(
      { catalog: dir.path('catalog'), cluster: 'lab' },
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toContain('error [unknown-role] resource:default/lab');
  });

  it('still shows the non-blocking problems of a cluster it generates values for', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        clusterEntity('global-eu', {
          'prometheus-fleet.io/role': 'global',
          'prometheus-fleet.io/remote-write-url':
            'https://global-eu.example.com/api/v1/write',
        }),
      ),
    });
    const io = captureIo();
    const code = await valuesCommand(
      { catalog: dir.path('fleet.yaml'), cluster: 'global-eu' },
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('enableRemoteWriteReceiver: true');
    expect(io.err()).toContain(
      'warning [missing-query-endpoint] resource:default/global-eu',
    );
  });

  it('writes the values to --out, and the helm command names that file', async () => {
    const io = captureIo();
    const out = dir.path('my values.yaml');
    const code = await valuesCommand(
      {
        catalog: dir.path('catalog'),
        cluster: 'edge-eu-1',
        out,
        config: [dir.path('app-config.yaml')],
      },
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toBe('');
    await expect(readFile(out, 'utf8')).resolves.toBe(
      expectedValues('resource:default/edge-eu-1', {
        chartVersion: '89.1.0',
        queueConfig: { maxShards: 50 },
      }).yaml,
    );
    expect(io.err()).toBe(
      [
        `Wrote values for resource:default/edge-eu-1 to ${out}`,
        `helm upgrade --install prometheus prometheus-community/kube-prometheus-stack --version 89.1.0 --namespace observability --create-namespace --values '${out}'`,
        '',
      ].join('\n'),
    );
    expect((await readdir(dir.root)).sort()).toEqual([
      'app-config.yaml',
      'catalog',
      'my values.yaml',
    ]);
  });

  it('fails with the reason when --out cannot be written', async () => {
    await expect(
      valuesCommand(
        {
          catalog: dir.path('catalog'),
          cluster: 'edge-eu-1',
          out: dir.path('missing', 'v.yaml'),
        },
        captureIo(),
      ),
    ).rejects.toThrow(`Cannot write ${dir.path('missing', 'v.yaml')}: ENOENT`);
  });

  it('names close matches for an unknown cluster and the refs of an ambiguous name', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        ...entities,
        clusterEntity(
          'edge-eu-1',
          {
            'prometheus-fleet.io/role': 'edge',
            'prometheus-fleet.io/cluster-label': 'payments-eu-1',
          },
          { namespace: 'payments' },
        ),
      ),
    });
    await expect(
      valuesCommand(
        { catalog: dir.path('fleet.yaml'), cluster: 'edge-eu-2' },
        captureIo(),
      ),
    ).rejects.toThrow(
      'No cluster "edge-eu-2" in the fleet. Did you mean resource:default/edge-eu-1',
    );
    await expect(
      valuesCommand(
        { catalog: dir.path('fleet.yaml'), cluster: 'edge-eu-1' },
        captureIo(),
      ),
    ).rejects.toThrow(
      'Cluster name "edge-eu-1" is ambiguous: resource:default/edge-eu-1, resource:payments/edge-eu-1.',
    );
    const io = captureIo();
    await valuesCommand(
      { catalog: dir.path('fleet.yaml'), cluster: 'payments/edge-eu-1' },
      io,
    );
    expect(io.out()).toContain('(resource:payments/edge-eu-1)');
  });

  it('stops at malformed YAML, naming file and line, before writing anything', async () => {
    dir = await createTempDir({
      'catalog/fleet.yaml': yamlDocuments(...entities),
      'catalog/broken.yaml':
        'kind: Resource\nmetadata:\n  name: edge-eu-3\n  name: edge-eu-4\n',
    });
    const out = dir.path('values.yaml');
    await expect(
      valuesCommand(
        { catalog: dir.path('catalog'), cluster: 'edge-eu-1', out },
        captureIo(),
      ),
    ).rejects.toThrow(
      `Malformed YAML in ${dir.path(
        'catalog',
        'broken.yaml',
      )}:4:3: Map keys must be unique`,
    );
    await expect(readdir(dir.root)).resolves.toEqual(['catalog']);
  });
});
