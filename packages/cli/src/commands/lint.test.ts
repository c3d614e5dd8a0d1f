import {
  captureIo,
  clusterEntity,
  createTempDir,
  edgeEntity,
  globalEntity,
  yamlDocuments,
} from '../testing';
import { lintCommand } from './lint';

describe('lintCommand', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  afterEach(() => dir.cleanup());

  it('exits 0 and says so when the fleet has no problems', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1'),
      ),
    });
    const io = captureIo();
    await expect(lintCommand({ catalog: dir.root }, io)).resolves.toBe(0);
    expect(io.out()).toBe('Fleet: 1 global, 1 edge. No problems.\n');
  });

  it('prints warnings but exits 0 when there is no error', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1', {
          'prometheus-fleet.io/remote-write-url': 'https://x.example.com',
        }),
      ),
    });
    const io = captureIo();
    await expect(lintCommand({ catalog: dir.root }, io)).resolves.toBe(0);
    expect(io.out()).toMatch(
      /^.*fleet\.yaml:\d+: warning \[misplaced-annotation\] resource:default\/edge-eu-1: Annotation prometheus-fleet.io\/remote-write-url has no effect on a edge; it is ignored\.\nFleet: 1 global, 1 edge\. 0 errors, 1 warning\.\n$/,
    );
  });

  it('prints every problem with file, line, severity, code and ref in file order, and exits 1 on errors', async () => {
    const fleet = yamlDocuments(
      globalEntity('global-eu'),
      edgeEntity('edge-a', {
        'prometheus-fleet.io/global': 'resource:default/edge-b',
      }),
      edgeEntity('edge-b'),
    );
    const edgeALine = fleet.split('\n').indexOf('---') + 2;
    dir = await createTempDir({
      'a.yaml': yamlDocuments(
        clusterEntity('lab', { 'prometheus-fleet.io/role': 'sidecar' }),
      ),
      'b.yaml': fleet,
    });
    const io = captureIo();
    await expect(lintCommand({ catalog: dir.root }, io)).resolves.toBe(1);
    expect(io.out().split('\n')).toEqual([
      `${dir.path(
        'a.yaml',
      )}:1: error [unknown-role] resource:default/lab: Annotation prometheus-fleet.io/role is "sidecar"; use global or edge.`,
      `${dir.path(
        'b.yaml',
      )}:${edgeALine}: error [global-ref-not-global] resource:default/edge-a: prometheus-fleet.io/global points to resource:default/edge-b, which is an edge, not a global.`,
      'Fleet: 1 global, 2 edges, 1 rejected. 2 errors, 0 warnings.',
      '',
    ]);
  });

  it('counts entities the catalog would reject as errors', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        globalEntity('global-eu'),
      ),
    });
    const io = captureIo();
    await expect(lintCommand({ catalog: dir.root }, io)).resolves.toBe(1);
    expect(io.out()).toContain(
      'error [duplicate-entity] resource:default/global-eu: Also defined at',
    );
    expect(io.out()).toContain('1 error, 0 warnings.');
  });

  it('checks query endpoint names against app-config when given', async () => {
    dir = await createTempDir({
      'catalog/fleet.yaml': yamlDocuments(globalEntity('global-eu')),
      'app-config.yaml':
        'prometheusFleet:\n  queryEndpoints:\n    - name: global-us\n      url: http://x\n',
    });
    const withoutConfig = captureIo();
    await expect(
      lintCommand({ catalog: dir.path('catalog') }, withoutConfig),
    ).resolves.toBe(0);

    const withConfig = captureIo();
    await expect(
      lintCommand(
        { catalog: dir.path('catalog'), config: [dir.path('app-config.yaml')] },
        withConfig,
      ),
    ).resolves.toBe(1);
    expect(withConfig.out()).toContain(
      'error [unknown-query-endpoint] resource:default/global-eu: Query endpoint "global-eu" is not configured',
    );
  });

  it('checks max-shards annotations against the configured minShards', async () => {
    dir = await createTempDir({
      'catalog/fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1', { 'prometheus-fleet.io/max-shards': '2' }),
      ),
      'app-config.yaml':
        'prometheusFleet:\n  remoteWrite:\n    queueConfig:\n      minShards: 4\n',
    });
    const io = captureIo();
    await expect(
      lintCommand(
        { catalog: dir.path('catalog'), config: [dir.path('app-config.yaml')] },
        io,
      ),
    ).resolves.toBe(1);
    expect(io.out()).toContain(
      'error [max-shards-below-min-shards] resource:default/edge-eu-1: Annotation prometheus-fleet.io/max-shards is 2, below the fleet-wide minShards of 4',
    );
  });
});
