import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_ENGINE,
  ANNOTATION_GLOBAL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_REMOTE_WRITE_SECRET,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_SERIES_BUDGET,
  ANNOTATION_TENANT,
  DEFAULT_REMOTE_WRITE_SECRET,
} from './annotations';
import { hasBlockingProblems, indexFleet, resolveFleet } from './fleet';
import { Fleet, FleetCluster, ProblemCode } from './types';
import {
  clusterEntity,
  edgeEntity,
  globalEntity,
} from './__testUtils__/entities';

function find(fleet: Fleet, name: string) {
  const item =
    fleet.clusters.find(c => c.name === name) ??
    fleet.rejected.find(r => r.name === name);
  if (!item) throw new Error(`${name} is not in the fleet`);
  return item;
}

function codesOf(fleet: Fleet, name: string): ProblemCode[] {
  return find(fleet, name).problems.map(p => p.code);
}

function problemOf(fleet: Fleet, name: string, code: ProblemCode) {
  const found = find(fleet, name).problems.find(p => p.code === code);
  if (!found) throw new Error(`${name} has no ${code} problem`);
  return found;
}

describe('resolveFleet', () => {
  it('resolves globals and edges with their settings', () => {
    const fleet = resolveFleet([
      globalEntity('global-eu', {
        [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic',
        [ANNOTATION_REMOTE_WRITE_SECRET]: 'eu-write',
      }),
      edgeEntity('edge-eu-1', {
        [ANNOTATION_CLUSTER_LABEL]: 'eu-1',
        [ANNOTATION_TENANT]: 'team-a',
        [ANNOTATION_MAX_SHARDS]: '20',
      }),
    ]);

    expect(fleet.problems).toEqual([]);
    expect(fleet.rejected).toEqual([]);
    expect(fleet.clusters).toEqual([
      {
        ref: 'resource:default/global-eu',
        namespace: 'default',
        name: 'global-eu',
        title: undefined,
        role: 'global',
        clusterLabel: 'global-eu',
        owner: 'group:default/platform',
        remoteWriteUrl: 'https://prometheus.global-eu.example.com/api/v1/write',
        remoteWriteAuth: { type: 'basic', secretName: 'eu-write' },
        remoteWriteProtocol: 'v1',
        queryEndpoint: 'global-eu',
        engine: 'prometheus',
        problems: [],
      },
      {
        ref: 'resource:default/edge-eu-1',
        namespace: 'default',
        name: 'edge-eu-1',
        title: undefined,
        role: 'edge',
        global: 'resource:default/global-eu',
        clusterLabel: 'eu-1',
        owner: 'group:default/platform',
        tenant: 'team-a',
        maxShards: 20,
        problems: [],
      },
    ]);
  });

  it('defaults write auth to none and its Secret name when auth is set without one', () => {
    const fleet = resolveFleet([
      globalEntity('global-a'),
      globalEntity('global-b', { [ANNOTATION_REMOTE_WRITE_AUTH]: 'mtls' }),
    ]);
    expect(
      indexFleet(fleet).get('resource:default/global-a')?.remoteWriteAuth,
    ).toEqual({
      type: 'none',
    });
    expect(
      indexFleet(fleet).get('resource:default/global-b')?.remoteWriteAuth,
    ).toEqual({
      type: 'mtls',
      secretName: DEFAULT_REMOTE_WRITE_SECRET,
    });
  });

  it('reads the remote-write protocol of a global, v1 unless set to v2', () => {
    const fleet = indexFleet(
      resolveFleet([
        globalEntity('global-default'),
        globalEntity('global-v1', { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v1' }),
        globalEntity('global-v2', {
          [ANNOTATION_REMOTE_WRITE_PROTOCOL]: ' v2 ',
        }),
      ]),
    );
    expect(
      ['global-default', 'global-v1', 'global-v2'].map(
        name => fleet.get(`resource:default/${name}`)?.remoteWriteProtocol,
      ),
    ).toEqual(['v1', 'v1', 'v2']);
  });

  it('normalises the owner to a full entity ref', () => {
    const fleet = resolveFleet([
      globalEntity('global', {}, { spec: { owner: 'platform' } }),
      edgeEntity('edge-user', {}, { spec: { owner: 'user:jane' } }),
      edgeEntity('edge-ops', {}, { namespace: 'ops', spec: { owner: 'sre' } }),
      edgeEntity('edge-full', {}, { spec: { owner: 'group:infra/network' } }),
      edgeEntity('edge-odd', {}, { spec: { owner: { name: 'platform' } } }),
    ]);
    expect(fleet.clusters.map(c => [c.name, c.owner])).toEqual([
      ['global', 'group:default/platform'],
      ['edge-user', 'user:default/jane'],
      ['edge-ops', 'group:ops/sre'],
      ['edge-full', 'group:infra/network'],
      ['edge-odd', undefined],
    ]);
  });

  it('leaves out catalog entities without a role', () => {
    const fleet = resolveFleet([
      globalEntity('global'),
      clusterEntity('unmanaged'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'web' },
      },
    ]);
    expect(fleet.clusters.map(c => c.name)).toEqual(['global']);
    expect(fleet.rejected).toEqual([]);
    expect(fleet.problems).toEqual([]);
  });

  it('resolves an entity listed twice once', () => {
    const fleet = resolveFleet([
      globalEntity('global'),
      globalEntity('global'),
    ]);
    expect(fleet.clusters).toHaveLength(1);
    expect(fleet.problems).toEqual([]);
  });

  describe('global of an edge', () => {
    const globals = [
      globalEntity('global-eu'),
      globalEntity('global-us'),
      globalEntity('global-ops', {}, { namespace: 'ops' }),
    ];

    it('is the global annotation first', () => {
      const fleet = resolveFleet([
        ...globals,
        edgeEntity(
          'edge',
          { [ANNOTATION_GLOBAL]: 'global-us' },
          { spec: { dependsOn: ['resource:default/global-eu'] } },
        ),
      ]);
      expect(find(fleet, 'edge')).toMatchObject({
        global: 'resource:default/global-us',
        problems: [],
      });
    });

    it('reads the annotation as a resource ref in the edge namespace, case-insensitively', () => {
      const fleet = resolveFleet([
        ...globals,
        edgeEntity(
          'edge-a',
          { [ANNOTATION_GLOBAL]: 'global-ops' },
          { namespace: 'ops' },
        ),
        edgeEntity('edge-b', {
          [ANNOTATION_GLOBAL]: 'Resource:Ops/Global-OPS',
        }),
      ]);
      expect(find(fleet, 'edge-a')).toMatchObject({
        global: 'resource:ops/global-ops',
      });
      expect(find(fleet, 'edge-b')).toMatchObject({
        global: 'resource:ops/global-ops',
      });
    });

    it('is else the one global in spec.dependsOn', () => {
      const fleet = resolveFleet([
        ...globals,
        clusterEntity('database', { spec: { type: 'database' } }),
        edgeEntity(
          'edge',
          {},
          {
            spec: {
              dependsOn: [
                'resource:database',
                42,
                'component:web',
                'global-us',
              ],
            },
          },
        ),
      ]);
      expect(find(fleet, 'edge')).toMatchObject({
        global: 'resource:default/global-us',
        problems: [],
      });
    });

    it('is else the only global of the fleet', () => {
      const fleet = resolveFleet([
        globalEntity('global-eu'),
        edgeEntity('edge', {}, { namespace: 'elsewhere' }),
      ]);
      expect(find(fleet, 'edge')).toMatchObject({
        global: 'resource:default/global-eu',
        problems: [],
      });
    });
  });

  describe('problems', () => {
    it('not-a-cluster: a role on anything but a kubernetes-cluster Resource', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        clusterEntity('web', {
          kind: 'Component',
          annotations: { [ANNOTATION_ROLE]: 'edge' },
        }),
        clusterEntity('db', {
          annotations: { [ANNOTATION_ROLE]: 'edge' },
          spec: { type: 'database' },
        }),
      ]);
      expect(
        fleet.rejected.map(r => [r.ref, r.problems.map(p => p.code)]),
      ).toEqual([
        ['component:default/web', ['not-a-cluster']],
        ['resource:default/db', ['not-a-cluster']],
      ]);
      expect(problemOf(fleet, 'db', 'not-a-cluster').message).toContain(
        '"database"',
      );
      expect(find(fleet, 'global').problems).toEqual([]);
    });

    it.each([['primary'], ['Global'], [''], [42], [{ role: 'edge' }]])(
      'unknown-role: %j',
      role => {
        const fleet = resolveFleet([
          clusterEntity('cluster', {
            annotations: { [ANNOTATION_ROLE]: role },
          }),
        ]);
        expect(fleet.clusters).toEqual([]);
        expect(codesOf(fleet, 'cluster')).toEqual(['unknown-role']);
      },
    );

    it.each([[''], [':'], ['resource:default/'], [42], [['global']]])(
      'invalid-entity-ref: global annotation %j',
      ref => {
        const fleet = resolveFleet([
          globalEntity('global'),
          edgeEntity('edge', { [ANNOTATION_GLOBAL]: ref }),
        ]);
        expect(codesOf(fleet, 'edge')).toEqual(['invalid-entity-ref']);
        expect(find(fleet, 'edge')).not.toHaveProperty(
          'global',
          expect.anything(),
        );
      },
    );

    it('edge-without-global: a fleet without globals', () => {
      const fleet = resolveFleet([edgeEntity('edge-1'), edgeEntity('edge-2')]);
      expect(codesOf(fleet, 'edge-1')).toEqual(['edge-without-global']);
      expect(codesOf(fleet, 'edge-2')).toEqual(['edge-without-global']);
    });

    it('ambiguous-global: the edge depends on several globals', () => {
      const fleet = resolveFleet([
        globalEntity('global-eu'),
        globalEntity('global-us'),
        edgeEntity(
          'edge',
          {},
          { spec: { dependsOn: ['resource:global-eu', 'resource:global-us'] } },
        ),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['ambiguous-global']);
      expect(problemOf(fleet, 'edge', 'ambiguous-global').message).toContain(
        'resource:default/global-eu, resource:default/global-us',
      );
    });

    it('ambiguous-global: several globals and nothing to choose', () => {
      const fleet = resolveFleet([
        globalEntity('global-eu'),
        globalEntity('global-us'),
        edgeEntity('edge'),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['ambiguous-global']);
      expect(find(fleet, 'edge')).not.toHaveProperty(
        'global',
        expect.anything(),
      );
    });

    it('global-not-found: the annotation names an entity the catalog does not have', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', {
          [ANNOTATION_GLOBAL]: 'resource:default/global-gone',
        }),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['global-not-found']);
      expect(problemOf(fleet, 'edge', 'global-not-found').message).toContain(
        'resource:default/global-gone',
      );
    });

    it('global-ref-not-global: the annotation names an edge or an entity outside the fleet', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge-a'),
        edgeEntity('edge-b', { [ANNOTATION_GLOBAL]: 'edge-a' }),
        edgeEntity('edge-c', { [ANNOTATION_GLOBAL]: 'component:default/web' }),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'web' },
        },
      ]);
      expect(codesOf(fleet, 'edge-b')).toEqual(['global-ref-not-global']);
      expect(
        problemOf(fleet, 'edge-b', 'global-ref-not-global').message,
      ).toContain('an edge');
      expect(codesOf(fleet, 'edge-c')).toEqual(['global-ref-not-global']);
      expect(
        problemOf(fleet, 'edge-c', 'global-ref-not-global').message,
      ).toContain('not a fleet cluster');
      expect(find(fleet, 'edge-a')).toMatchObject({
        global: 'resource:default/global',
        problems: [],
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['without a URL', { [ANNOTATION_REMOTE_WRITE_URL]: undefined }],
      [
        'with an invalid URL',
        { [ANNOTATION_REMOTE_WRITE_URL]: 'ftp://prometheus/api/v1/write' },
      ],
      [
        'with an unknown auth type',
        { [ANNOTATION_REMOTE_WRITE_AUTH]: 'oauth2' },
      ],
      [
        'with an auth type of the wrong type',
        { [ANNOTATION_REMOTE_WRITE_AUTH]: ['basic'] },
      ],
      [
        'with an invalid Secret name',
        {
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic',
          [ANNOTATION_REMOTE_WRITE_SECRET]: 'Not_A_Secret',
        },
      ],
      [
        'with a Secret name of the wrong type',
        {
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic',
          [ANNOTATION_REMOTE_WRITE_SECRET]: 7,
        },
      ],
      ['with an invalid cluster label', { [ANNOTATION_CLUSTER_LABEL]: 'a: b' }],
      [
        'with an unknown remote-write protocol',
        { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v3' },
      ],
      [
        'with a remote-write protocol of the wrong type',
        { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 2 },
      ],
    ])('global-not-ready: the edges of a global %s', (_, annotations) => {
      const fleet = resolveFleet([
        globalEntity('global', annotations),
        edgeEntity('edge'),
      ]);
      expect(hasBlockingProblems(find(fleet, 'global'))).toBe(true);
      expect(codesOf(fleet, 'edge')).toEqual(['global-not-ready']);
      expect(problemOf(fleet, 'edge', 'global-not-ready').message).toContain(
        'resource:default/global',
      );
    });

    it('global-not-ready is not raised by problems that leave the write path intact', () => {
      const fleet = resolveFleet(
        [
          globalEntity('global', {
            [ANNOTATION_QUERY_ENDPOINT]: 'nowhere',
            [ANNOTATION_TENANT]: 'x',
          }),
          edgeEntity('edge'),
        ],
        { queryEndpoints: ['global'] },
      );
      expect(codesOf(fleet, 'global')).toEqual([
        'unknown-query-endpoint',
        'misplaced-annotation',
      ]);
      expect(codesOf(fleet, 'edge')).toEqual([]);
    });

    it.each([[undefined], [''], ['   ']])(
      'missing-remote-write-url: %j',
      url => {
        const fleet = resolveFleet([
          globalEntity('global', { [ANNOTATION_REMOTE_WRITE_URL]: url }),
        ]);
        expect(codesOf(fleet, 'global')).toEqual(['missing-remote-write-url']);
        expect(find(fleet, 'global')).not.toHaveProperty(
          'remoteWriteUrl',
          expect.anything(),
        );
      },
    );

    it.each([
      ['ftp://prometheus.example.com/api/v1/write', 'scheme "ftp"'],
      ['file:///etc/prometheus/write', 'scheme "file"'],
      [
        'https://user:secret@prometheus.example.com/api/v1/write',
        'embeds credentials',
      ],
      ['https://prometheus.example.com/api/v1/write?token="x"', 'quotes'],
      ["https://prometheus.example.com/a'b", 'quotes'],
      ['https://prometheus.example.com/api\n/v1/write', 'white space'],
      [
        'https://prometheus.example.com/api/v1/write#\u0000',
        'control characters',
      ],
      ['prometheus.example.com/api/v1/write', 'not an absolute URL'],
      [
        'https://prometheus.example.com/api/v1/write?tenant=$(TENANT)',
        "the Prometheus Operator's config reloader expands",
      ],
      [
        `https://prometheus.example.com/${'a'.repeat(2048)}`,
        'longer than 2048',
      ],
    ])('invalid-remote-write-url: %j', (url, reason) => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_REMOTE_WRITE_URL]: url }),
      ]);
      expect(codesOf(fleet, 'global')).toEqual(['invalid-remote-write-url']);
      expect(
        problemOf(fleet, 'global', 'invalid-remote-write-url').message,
      ).toContain(reason);
      expect(find(fleet, 'global')).not.toHaveProperty(
        'remoteWriteUrl',
        expect.anything(),
      );
    });

    it('invalid-remote-write-url: a URL that is not a string is not also reported missing', () => {
      const fleet = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_REMOTE_WRITE_URL]: { url: 'https://x' },
        }),
      ]);
      expect(codesOf(fleet, 'global')).toEqual(['invalid-remote-write-url']);
      expect(
        problemOf(fleet, 'global', 'invalid-remote-write-url').message,
      ).toContain('must be a string');
    });

    it.each([['oauth2'], ['Basic'], [''], [true]])(
      'invalid-remote-write-auth: %j',
      auth => {
        const fleet = resolveFleet([
          globalEntity('global', { [ANNOTATION_REMOTE_WRITE_AUTH]: auth }),
        ]);
        expect(codesOf(fleet, 'global')).toEqual(['invalid-remote-write-auth']);
        expect(find(fleet, 'global')).not.toHaveProperty(
          'remoteWriteAuth',
          expect.anything(),
        );
      },
    );

    it.each([
      ['Write_Secret'],
      ['-secret'],
      ['secret/key'],
      [''],
      [{ name: 'secret' }],
    ])('invalid-remote-write-secret: %j', secret => {
      const fleet = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'bearer',
          [ANNOTATION_REMOTE_WRITE_SECRET]: secret,
        }),
      ]);
      expect(codesOf(fleet, 'global')).toEqual(['invalid-remote-write-secret']);
      expect(find(fleet, 'global')).not.toHaveProperty(
        'remoteWriteAuth',
        expect.anything(),
      );
    });

    it.each([['v3'], ['V2'], ['2.0'], ['rw2'], [''], [2], [['v2']]])(
      'invalid-remote-write-protocol: %j',
      protocol => {
        const fleet = resolveFleet([
          globalEntity('global', {
            [ANNOTATION_REMOTE_WRITE_PROTOCOL]: protocol,
          }),
        ]);
        expect(codesOf(fleet, 'global')).toEqual([
          'invalid-remote-write-protocol',
        ]);
        expect(
          problemOf(fleet, 'global', 'invalid-remote-write-protocol').message,
        ).toContain(ANNOTATION_REMOTE_WRITE_PROTOCOL);
        expect(hasBlockingProblems(find(fleet, 'global'))).toBe(true);
        expect(find(fleet, 'global')).not.toHaveProperty(
          'remoteWriteProtocol',
          expect.anything(),
        );
      },
    );

    it('invalid-remote-write-protocol: names the value and the two that work', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v3' }),
      ]);
      expect(
        problemOf(fleet, 'global', 'invalid-remote-write-protocol').message,
      ).toBe(
        `Annotation ${ANNOTATION_REMOTE_WRITE_PROTOCOL} is "v3"; use v1 (Remote-Write 1.0, the default) or v2 (Remote-Write 2.0, which needs Prometheus 3.0 or later on the global and its edges).`,
      );
    });

    it('duplicate-cluster-label: on every cluster sharing the label, naming each of them', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_CLUSTER_LABEL]: 'prod' }),
        edgeEntity('edge-a', { [ANNOTATION_CLUSTER_LABEL]: 'prod' }),
        edgeEntity('edge-b'),
      ]);
      for (const [name, other] of [
        ['global', 'resource:default/edge-a'],
        ['edge-a', 'resource:default/global'],
      ]) {
        expect(codesOf(fleet, name)).toContain('duplicate-cluster-label');
        const { message } = problemOf(fleet, name, 'duplicate-cluster-label');
        expect(message).toContain(`resource:default/${name}`);
        expect(message).toContain(other);
        expect(message).toContain('"prod"');
      }
      expect(codesOf(fleet, 'edge-b')).toEqual([]);
    });

    it('duplicate-cluster-label: not for one label in two tenants of a global with tenants, which are two senders', () => {
      const tenanted = (engine: string) =>
        resolveFleet([
          globalEntity('global', { [ANNOTATION_ENGINE]: engine }),
          edgeEntity('edge-a', {
            [ANNOTATION_CLUSTER_LABEL]: 'prod',
            [ANNOTATION_TENANT]: 'team-a',
          }),
          edgeEntity('edge-b', {
            [ANNOTATION_CLUSTER_LABEL]: 'prod',
            [ANNOTATION_TENANT]: 'team-b',
          }),
          edgeEntity('edge-default', { [ANNOTATION_CLUSTER_LABEL]: 'prod' }),
          edgeEntity('edge-anonymous', {
            [ANNOTATION_CLUSTER_LABEL]: 'prod',
            [ANNOTATION_TENANT]: 'anonymous',
          }),
        ]);
      const mimir = tenanted('mimir');
      expect(codesOf(mimir, 'edge-a')).toEqual([]);
      expect(codesOf(mimir, 'edge-b')).toEqual([]);
      // No tenant is Mimir's default tenant: the same sender as "anonymous".
      expect(codesOf(mimir, 'edge-default')).toEqual([
        'duplicate-cluster-label',
      ]);
      expect(
        problemOf(mimir, 'edge-default', 'duplicate-cluster-label').message,
      ).toContain('resource:default/edge-anonymous');
      // A Prometheus ignores the tenant: all four are one sender.
      const prometheus = tenanted('prometheus');
      for (const name of ['edge-a', 'edge-b', 'edge-default']) {
        expect(codesOf(prometheus, name)).toEqual(['duplicate-cluster-label']);
      }
    });

    it('duplicate-cluster-label: a label equal to another cluster name', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_CLUSTER_LABEL]: 'global' }),
      ]);
      expect(codesOf(fleet, 'global')).toEqual(['duplicate-cluster-label']);
      expect(codesOf(fleet, 'edge')).toEqual(['duplicate-cluster-label']);
    });

    it.each([
      ['a control character', 'edge\u0007eu'],
      ['a double quote', 'edge"eu'],
      ['a leading quote', '"x'],
      ['a single quote', "edge'eu"],
      ['a newline', 'edge\neu'],
      ['a YAML mapping', 'a: b'],
      ['a YAML comment', 'edge #eu'],
      ['a YAML flow sequence', '[edge]'],
      ['a YAML alias', '*edge'],
      ['a template', '{{ .Values }}'],
      ['a leading dash', '-edge'],
      ['a trailing dot', 'edge.'],
      ['64 characters', 'e'.repeat(64)],
      ['non-ASCII letters', 'édge'],
      ['nothing', ''],
      ['a number', 42],
      ['an object', { cluster: 'edge' }],
    ])('invalid-cluster-label: %s', (_, label) => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_CLUSTER_LABEL]: label }),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['invalid-cluster-label']);
      expect(hasBlockingProblems(find(fleet, 'edge'))).toBe(true);
    });

    it('invalid-cluster-label: a metadata.name that is not a valid label needs the annotation', () => {
      const name = `edge-${'x'.repeat(60)}`;
      const fleet = resolveFleet([globalEntity('global'), edgeEntity(name)]);
      expect(codesOf(fleet, name)).toEqual(['invalid-cluster-label']);
      expect(problemOf(fleet, name, 'invalid-cluster-label').message).toContain(
        ANNOTATION_CLUSTER_LABEL,
      );
    });

    it('accepts the longest and shortest valid labels', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_CLUSTER_LABEL]: 'g' }),
        edgeEntity('edge', {
          [ANNOTATION_CLUSTER_LABEL]: `e${'-._'.repeat(20)}xy`,
        }),
      ]);
      expect(fleet.problems).toEqual([]);
    });

    it.each([
      ['team a'],
      ['team/a'],
      ['a"b'],
      ['a\nb'],
      ['t'.repeat(151)],
      [''],
      [7],
      [{ id: 'a' }],
    ])('invalid-tenant: %j', tenant => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_TENANT]: tenant }),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['invalid-tenant']);
      expect(find(fleet, 'edge')).not.toHaveProperty(
        'tenant',
        expect.anything(),
      );
    });

    it.each([
      ['0'],
      ['-1'],
      ['1.5'],
      ['1e3'],
      ['10001'],
      ['many'],
      [''],
      [20],
      [null],
    ])('invalid-max-shards: %j', maxShards => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_MAX_SHARDS]: maxShards }),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['invalid-max-shards']);
      expect(find(fleet, 'edge')).not.toHaveProperty(
        'maxShards',
        expect.anything(),
      );
    });

    it('reads a series budget: a whole number of series', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_SERIES_BUDGET]: ' 50000 ' }),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual([]);
      expect(find(fleet, 'edge')).toMatchObject({ seriesBudget: 50000 });
    });

    it.each([
      ['0'],
      ['-1'],
      ['1.5'],
      ['1e3'],
      ['9007199254740993'],
      [''],
      [20],
    ])(
      'invalid-series-budget: %j, a warning that leaves the values alone',
      budget => {
        const fleet = resolveFleet([
          globalEntity('global'),
          edgeEntity('edge', { [ANNOTATION_SERIES_BUDGET]: budget }),
        ]);
        expect(codesOf(fleet, 'edge')).toEqual(['invalid-series-budget']);
        expect(problemOf(fleet, 'edge', 'invalid-series-budget').severity).toBe(
          'warning',
        );
        expect(hasBlockingProblems(find(fleet, 'edge'))).toBe(false);
        expect(find(fleet, 'edge')).not.toHaveProperty(
          'seriesBudget',
          expect.anything(),
        );
      },
    );

    describe('max-shards-below-min-shards', () => {
      const entities = [
        globalEntity('global'),
        edgeEntity('edge-below', { [ANNOTATION_MAX_SHARDS]: '4' }),
        edgeEntity('edge-equal', { [ANNOTATION_MAX_SHARDS]: '5' }),
        edgeEntity('edge-default'),
      ];

      it('an edge whose max-shards is below the configured minShards, naming both', () => {
        const fleet = resolveFleet(entities, {
          queueConfig: { minShards: 5, maxShards: 50 },
        });
        expect(codesOf(fleet, 'edge-below')).toEqual([
          'max-shards-below-min-shards',
        ]);
        const found = problemOf(
          fleet,
          'edge-below',
          'max-shards-below-min-shards',
        );
        expect(found.severity).toBe('error');
        expect(found.message).toBe(
          `Annotation ${ANNOTATION_MAX_SHARDS} is 4, below the fleet-wide minShards of 5 (prometheusFleet.remoteWrite.queueConfig in app-config): the queue would run at least 5 shards and at most 4.`,
        );
        expect(hasBlockingProblems(find(fleet, 'edge-below'))).toBe(true);
        expect(codesOf(fleet, 'edge-equal')).toEqual([]);
        expect(codesOf(fleet, 'edge-default')).toEqual([]);
        expect(codesOf(fleet, 'global')).toEqual([]);
      });

      it.each([
        ['without a queue config', {}],
        ['without minShards in it', { queueConfig: { maxShards: 2 } }],
      ])('is not raised %s', (_, options) => {
        expect(resolveFleet(entities, options).problems).toEqual([]);
      });
    });

    it('missing-query-endpoint: a warning that does not block the global', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_QUERY_ENDPOINT]: undefined }),
        edgeEntity('edge'),
      ]);
      expect(
        problemOf(fleet, 'global', 'missing-query-endpoint').severity,
      ).toBe('warning');
      expect(codesOf(fleet, 'global')).toEqual(['missing-query-endpoint']);
      expect(hasBlockingProblems(find(fleet, 'global'))).toBe(false);
      expect(codesOf(fleet, 'edge')).toEqual([]);
    });

    it('unknown-query-endpoint: a name missing from the configured endpoints', () => {
      const fleet = resolveFleet(
        [globalEntity('global', { [ANNOTATION_QUERY_ENDPOINT]: 'global-us' })],
        {
          queryEndpoints: ['global-eu', 'global-ap'],
        },
      );
      const found = problemOf(fleet, 'global', 'unknown-query-endpoint');
      expect(found.message).toContain('"global-us"');
      expect(found.message).toContain('global-eu, global-ap');
      expect(find(fleet, 'global')).not.toHaveProperty(
        'queryEndpoint',
        expect.anything(),
      );
      // Values do not depend on the query endpoint, so they stay available.
      expect(hasBlockingProblems(find(fleet, 'global'))).toBe(false);
    });

    it('unknown-query-endpoint: a URL is not an endpoint name', () => {
      const fleet = resolveFleet(
        [
          globalEntity('global', {
            [ANNOTATION_QUERY_ENDPOINT]: 'http://169.254.169.254/',
          }),
        ],
        { queryEndpoints: ['global'] },
      );
      expect(codesOf(fleet, 'global')).toEqual(['unknown-query-endpoint']);
    });

    it('unknown-query-endpoint: not checked without configured endpoints', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_QUERY_ENDPOINT]: 'global-us' }),
      ]);
      expect(find(fleet, 'global')).toMatchObject({
        queryEndpoint: 'global-us',
        problems: [],
      });
    });

    it('unknown-query-endpoint: an endpoint that is not a string', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_QUERY_ENDPOINT]: ['global'] }),
      ]);
      expect(codesOf(fleet, 'global')).toEqual(['unknown-query-endpoint']);
    });

    it('misplaced-annotation: edge-only annotations on a global and global-only ones on an edge', () => {
      const fleet = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_TENANT]: 'team-a',
          [ANNOTATION_MAX_SHARDS]: '5',
        }),
        edgeEntity('edge', {
          [ANNOTATION_REMOTE_WRITE_URL]:
            'https://elsewhere.example.com/api/v1/write',
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic',
        }),
        edgeEntity('edge-v2', { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v2' }),
      ]);
      for (const name of ['global', 'edge']) {
        const problems = find(fleet, name).problems;
        expect(problems.map(p => [p.code, p.severity])).toEqual([
          ['misplaced-annotation', 'warning'],
          ['misplaced-annotation', 'warning'],
        ]);
      }
      expect(
        problemOf(fleet, 'edge-v2', 'misplaced-annotation').message,
      ).toContain(ANNOTATION_REMOTE_WRITE_PROTOCOL);
      expect(find(fleet, 'edge-v2')).not.toHaveProperty(
        'remoteWriteProtocol',
        expect.anything(),
      );
      expect(
        problemOf(fleet, 'edge', 'misplaced-annotation').message,
      ).toContain(ANNOTATION_REMOTE_WRITE_URL);
      expect(find(fleet, 'global')).not.toHaveProperty(
        'tenant',
        expect.anything(),
      );
      expect(find(fleet, 'edge')).not.toHaveProperty(
        'remoteWriteUrl',
        expect.anything(),
      );
    });
  });

  describe('engine of a global', () => {
    const engineOf = (fleet: Fleet, name: string) =>
      (find(fleet, name) as FleetCluster).engine;

    it('is prometheus when nothing says otherwise', () => {
      const fleet = resolveFleet([globalEntity('global')]);
      expect(engineOf(fleet, 'global')).toBe('prometheus');
      expect(
        engineOf(
          resolveFleet([globalEntity('global')], {
            queryEndpoints: ['global'],
          }),
          'global',
        ),
      ).toBe('prometheus');
    });

    it("is its query endpoint's engine from app-config", () => {
      const fleet = resolveFleet(
        [globalEntity('global-eu'), globalEntity('global-us')],
        {
          queryEndpoints: ['global-eu', 'global-us'],
          queryEndpointEngines: { 'global-eu': 'mimir' },
        },
      );
      expect(engineOf(fleet, 'global-eu')).toBe('mimir');
      expect(engineOf(fleet, 'global-us')).toBe('prometheus');
      expect(fleet.problems).toEqual([]);
    });

    it('is the annotation of a global whose endpoint app-config does not tell', () => {
      for (const engine of ['mimir', 'cortex', 'thanos', 'victoriametrics']) {
        const withoutConfig = resolveFleet([
          globalEntity('global', { [ANNOTATION_ENGINE]: engine }),
        ]);
        expect(engineOf(withoutConfig, 'global')).toBe(engine);
        expect(withoutConfig.problems).toEqual([]);
        const withoutEndpoint = resolveFleet(
          [
            globalEntity('global', {
              [ANNOTATION_ENGINE]: ` ${engine} `,
              [ANNOTATION_QUERY_ENDPOINT]: undefined,
            }),
          ],
          { queryEndpoints: [], queryEndpointEngines: { global: 'thanos' } },
        );
        expect(engineOf(withoutEndpoint, 'global')).toBe(engine);
        expect(codesOf(withoutEndpoint, 'global')).toEqual([
          'missing-query-endpoint',
        ]);
      }
      // An unknown endpoint tells nothing either.
      const unknownEndpoint = resolveFleet(
        [globalEntity('global', { [ANNOTATION_ENGINE]: 'thanos' })],
        { queryEndpoints: ['other'] },
      );
      expect(engineOf(unknownEndpoint, 'global')).toBe('thanos');
      expect(codesOf(unknownEndpoint, 'global')).toEqual([
        'unknown-query-endpoint',
      ]);
    });

    it('takes an annotation that agrees with the endpoint without a problem', () => {
      const fleet = resolveFleet(
        [
          globalEntity('global', { [ANNOTATION_ENGINE]: 'thanos' }),
          globalEntity('global-prom', { [ANNOTATION_ENGINE]: 'prometheus' }),
        ],
        {
          queryEndpoints: ['global', 'global-prom'],
          queryEndpointEngines: { global: 'thanos' },
        },
      );
      expect(engineOf(fleet, 'global')).toBe('thanos');
      expect(engineOf(fleet, 'global-prom')).toBe('prometheus');
      expect(fleet.problems).toEqual([]);
    });

    it('engine-mismatch: an annotation that contradicts the endpoint, which decides', () => {
      const fleet = resolveFleet(
        [
          globalEntity('global', { [ANNOTATION_ENGINE]: 'thanos' }),
          globalEntity('global-prom', { [ANNOTATION_ENGINE]: 'mimir' }),
          edgeEntity('edge', { [ANNOTATION_GLOBAL]: 'global' }),
        ],
        {
          queryEndpoints: ['global', 'global-prom'],
          queryEndpointEngines: { global: 'mimir' },
        },
      );
      expect(engineOf(fleet, 'global')).toBe('mimir');
      expect(problemOf(fleet, 'global', 'engine-mismatch')).toEqual({
        code: 'engine-mismatch',
        severity: 'error',
        message: `Annotation ${ANNOTATION_ENGINE} is "thanos", but query endpoint "global" is a mimir in prometheusFleet.queryEndpoints: the endpoint's engine decides, so remove the annotation or make the two agree.`,
      });
      expect(
        problemOf(fleet, 'global-prom', 'engine-mismatch').message,
      ).toContain(
        'query endpoint "global-prom" is a prometheus (it sets no engine)',
      );
      expect(hasBlockingProblems(find(fleet, 'global'))).toBe(true);
      // The engine decides the edge's tenant header: it waits for the global.
      expect(problemOf(fleet, 'edge', 'global-not-ready')).toMatchObject({
        severity: 'error',
        message: expect.stringContaining('no settled engine'),
      });
    });

    it('invalid-engine: names the value and the engines there are', () => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_ENGINE]: 'Mimir' }),
        edgeEntity('edge'),
      ]);
      expect(engineOf(fleet, 'global')).toBeUndefined();
      expect(problemOf(fleet, 'global', 'invalid-engine')).toEqual({
        code: 'invalid-engine',
        severity: 'error',
        message: `Annotation ${ANNOTATION_ENGINE} is "Mimir"; use prometheus (the default), mimir, cortex, thanos or victoriametrics.`,
      });
      expect(codesOf(fleet, 'edge')).toEqual(['global-not-ready']);
    });

    it('invalid-engine: an annotation that is not a string, or blank', () => {
      const fleet = resolveFleet([
        globalEntity('global-number', { [ANNOTATION_ENGINE]: 3 }),
        globalEntity('global-blank', { [ANNOTATION_ENGINE]: ' ' }),
      ]);
      for (const name of ['global-number', 'global-blank']) {
        expect(codesOf(fleet, name)).toEqual(['invalid-engine']);
        expect(engineOf(fleet, name)).toBeUndefined();
      }
      expect(problemOf(fleet, 'global-number', 'invalid-engine').message).toBe(
        `Annotation ${ANNOTATION_ENGINE} must be a string, got "3".`,
      );
    });

    it("invalid-engine: still an error where the endpoint's engine is known", () => {
      const fleet = resolveFleet(
        [globalEntity('global', { [ANNOTATION_ENGINE]: 'prom' })],
        {
          queryEndpoints: ['global'],
          queryEndpointEngines: { global: 'thanos' },
        },
      );
      expect(engineOf(fleet, 'global')).toBe('thanos');
      expect(codesOf(fleet, 'global')).toEqual(['invalid-engine']);
    });

    it("flags an edge once when its global's write path and engine are both broken", () => {
      const fleet = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_ENGINE]: 'loki',
          [ANNOTATION_REMOTE_WRITE_URL]: undefined,
        }),
        edgeEntity('edge'),
      ]);
      expect(codesOf(fleet, 'edge')).toEqual(['global-not-ready']);
    });

    it('reads endpoint engines by own name only', () => {
      const fleet = resolveFleet(
        [
          globalEntity('global', {
            [ANNOTATION_QUERY_ENDPOINT]: 'constructor',
            [ANNOTATION_ENGINE]: 'cortex',
          }),
        ],
        { queryEndpointEngines: { 'global-eu': 'mimir' } },
      );
      expect(engineOf(fleet, 'global')).toBe('cortex');
      expect(fleet.problems).toEqual([]);
    });

    it('is no setting of an edge', () => {
      const fleet = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_ENGINE]: 'mimir' }),
      ]);
      expect(find(fleet, 'edge')).not.toHaveProperty('engine');
      expect(problemOf(fleet, 'edge', 'misplaced-annotation')).toMatchObject({
        severity: 'warning',
        message: expect.stringContaining(ANNOTATION_ENGINE),
      });
    });
  });

  it('reports every problem code, and still resolves the healthy clusters beside them', () => {
    const expectedCodes: Record<ProblemCode, string> = {
      'not-a-cluster': 'component:default/web',
      'unknown-role': 'resource:default/unknown-role',
      'invalid-entity-ref': 'resource:default/edge-bad-ref',
      'edge-without-global': 'resource:lonely/edge-lonely',
      'ambiguous-global': 'resource:default/edge-ambiguous',
      'global-not-found': 'resource:default/edge-gone',
      'global-ref-not-global': 'resource:default/edge-to-edge',
      'global-not-ready': 'resource:default/edge-of-broken',
      'missing-remote-write-url': 'resource:default/global-no-url',
      'invalid-remote-write-url': 'resource:default/global-bad-url',
      'invalid-remote-write-auth': 'resource:default/global-bad-auth',
      'invalid-remote-write-secret': 'resource:default/global-bad-secret',
      'invalid-remote-write-protocol': 'resource:default/global-bad-protocol',
      'duplicate-cluster-label': 'resource:default/edge-copy',
      'invalid-cluster-label': 'resource:default/edge-bad-label',
      'invalid-tenant': 'resource:default/edge-bad-tenant',
      'invalid-max-shards': 'resource:default/edge-bad-shards',
      'max-shards-below-min-shards': 'resource:default/edge-few-shards',
      'invalid-series-budget': 'resource:default/edge-bad-budget',
      'missing-query-endpoint': 'resource:default/global-no-endpoint',
      'unknown-query-endpoint': 'resource:default/global-bad-endpoint',
      'invalid-engine': 'resource:default/global-bad-engine',
      'engine-mismatch': 'resource:default/global-engine-mismatch',
      'misplaced-annotation': 'resource:default/edge-misplaced',
    };
    const entities: Entity[] = [
      globalEntity('global-eu'),
      globalEntity('global-us'),
      edgeEntity('edge-eu-1', { [ANNOTATION_GLOBAL]: 'global-eu' }),
      clusterEntity('web', {
        kind: 'Component',
        annotations: { [ANNOTATION_ROLE]: 'edge' },
      }),
      clusterEntity('unknown-role', {
        annotations: { [ANNOTATION_ROLE]: 'leaf' },
      }),
      edgeEntity('edge-bad-ref', { [ANNOTATION_GLOBAL]: '' }),
      edgeEntity('edge-ambiguous'),
      edgeEntity('edge-gone', { [ANNOTATION_GLOBAL]: 'global-gone' }),
      edgeEntity('edge-to-edge', { [ANNOTATION_GLOBAL]: 'edge-eu-1' }),
      globalEntity('global-no-url', {
        [ANNOTATION_REMOTE_WRITE_URL]: undefined,
      }),
      edgeEntity('edge-of-broken', { [ANNOTATION_GLOBAL]: 'global-no-url' }),
      globalEntity('global-bad-url', {
        [ANNOTATION_REMOTE_WRITE_URL]: 'ftp://x',
      }),
      globalEntity('global-bad-auth', {
        [ANNOTATION_REMOTE_WRITE_AUTH]: 'oauth2',
      }),
      globalEntity('global-bad-secret', {
        [ANNOTATION_REMOTE_WRITE_SECRET]: 'A_B',
      }),
      globalEntity('global-bad-protocol', {
        [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v3',
      }),
      edgeEntity('edge-copy', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_CLUSTER_LABEL]: 'edge-eu-1',
      }),
      edgeEntity('edge-bad-label', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_CLUSTER_LABEL]: 'a: b',
      }),
      edgeEntity('edge-bad-tenant', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_TENANT]: 'a b',
      }),
      edgeEntity('edge-bad-shards', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_MAX_SHARDS]: '0',
      }),
      edgeEntity('edge-few-shards', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_MAX_SHARDS]: '1',
      }),
      edgeEntity('edge-bad-budget', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_SERIES_BUDGET]: 'lots',
      }),
      globalEntity('global-no-endpoint', {
        [ANNOTATION_QUERY_ENDPOINT]: undefined,
      }),
      globalEntity('global-bad-endpoint', {
        [ANNOTATION_QUERY_ENDPOINT]: 'nowhere',
      }),
      globalEntity('global-bad-engine', { [ANNOTATION_ENGINE]: 'loki' }),
      // Its endpoint is configured without an engine: a Prometheus.
      globalEntity('global-engine-mismatch', { [ANNOTATION_ENGINE]: 'mimir' }),
      edgeEntity('edge-misplaced', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_REMOTE_WRITE_URL]: 'https://x',
      }),
      edgeEntity('edge-us-1', {
        [ANNOTATION_GLOBAL]: 'global-us',
        [ANNOTATION_TENANT]: 'team-a',
      }),
    ];
    const queryEndpoints = entities
      .map(e => e.metadata.name)
      .filter(name => name !== 'nowhere');

    const fleet = resolveFleet(entities, {
      queryEndpoints,
      queueConfig: { minShards: 2 },
    });
    // An edge lacks a global only in a fleet that has none.
    const globalless = resolveFleet([
      edgeEntity('edge-lonely', {}, { namespace: 'lonely' }),
    ]);

    const problems = [...fleet.problems, ...globalless.problems];
    const seen = new Map(problems.map(p => [p.code, new Set<string>()]));
    for (const p of problems) seen.get(p.code)!.add(p.ref);
    for (const [code, ref] of Object.entries(expectedCodes)) {
      expect([code, seen.get(code as ProblemCode)?.has(ref)]).toEqual([
        code,
        true,
      ]);
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(expectedCodes).sort());
    expect(find(fleet, 'edge-us-1')).toMatchObject({
      global: 'resource:default/global-us',
      tenant: 'team-a',
      problems: [],
    });
    expect(find(fleet, 'global-us').problems).toEqual([]);
    expect(fleet.clusters.map(c => c.name)).toContain('edge-bad-label');
  });

  it('lists clusters first, then rejected entities, each problem with its ref', () => {
    const fleet = resolveFleet([
      clusterEntity('bad', { annotations: { [ANNOTATION_ROLE]: 'leaf' } }),
      globalEntity('global', { [ANNOTATION_QUERY_ENDPOINT]: undefined }),
    ]);
    expect(fleet.problems.map(p => [p.ref, p.code])).toEqual([
      ['resource:default/global', 'missing-query-endpoint'],
      ['resource:default/bad', 'unknown-role'],
    ]);
  });

  describe('catalog input of the wrong shape', () => {
    const keys = [
      ANNOTATION_ROLE,
      ANNOTATION_GLOBAL,
      ANNOTATION_CLUSTER_LABEL,
      ANNOTATION_REMOTE_WRITE_URL,
      ANNOTATION_QUERY_ENDPOINT,
      ANNOTATION_TENANT,
      ANNOTATION_REMOTE_WRITE_AUTH,
      ANNOTATION_REMOTE_WRITE_SECRET,
      ANNOTATION_REMOTE_WRITE_PROTOCOL,
      ANNOTATION_MAX_SHARDS,
      ANNOTATION_ENGINE,
    ];
    const wrongValues = [42, true, null, { nested: 'x' }, ['x']];

    it.each(
      keys.flatMap(key => wrongValues.map(value => [key, value] as const)),
    )('reports %s = %j as a problem of that entity only', (key, value) => {
      const entities = [
        globalEntity('global-broken', { [key]: value }),
        edgeEntity('edge-broken', {
          [ANNOTATION_GLOBAL]: 'global',
          [key]: value,
        }),
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_GLOBAL]: 'global' }),
      ];
      const fleet = resolveFleet(entities, {
        queryEndpoints: ['global', 'global-broken'],
      });

      const brokenProblems = [
        ...find(fleet, 'global-broken').problems,
        ...find(fleet, 'edge-broken').problems,
      ];
      expect(brokenProblems.length).toBeGreaterThan(0);
      expect(find(fleet, 'global').problems).toEqual([]);
      expect(find(fleet, 'edge')).toMatchObject({
        global: 'resource:default/global',
        problems: [],
      });
    });

    it('skips what is not an entity at all', () => {
      const notEntities = [
        undefined,
        null,
        {},
        { kind: 'Resource' },
        { kind: 'Resource', metadata: { name: 42 } },
        { kind: 'Resource', metadata: { name: 'x', namespace: 42 } },
        { kind: 7, metadata: { name: 'x' } },
      ] as unknown as Entity[];
      const fleet = resolveFleet([...notEntities, globalEntity('global')]);
      expect(fleet.clusters.map(c => c.name)).toEqual(['global']);
    });

    it('ignores annotations and dependsOn that are not what they should be', () => {
      const entities = [
        globalEntity('global'),
        clusterEntity('edge-1', {
          annotations: { [ANNOTATION_ROLE]: 'edge' },
          spec: { dependsOn: 'resource:global' },
        }),
        {
          ...clusterEntity('edge-2'),
          metadata: { name: 'edge-2', annotations: 'role=edge' },
        },
      ] as Entity[];
      const fleet = resolveFleet(entities);
      expect(find(fleet, 'edge-1')).toMatchObject({
        global: 'resource:default/global',
        problems: [],
      });
      expect(fleet.clusters.map(c => c.name)).toEqual(['global', 'edge-1']);
    });
  });
});

describe('hasBlockingProblems', () => {
  it('blocks on errors, except an unknown query endpoint, and never on warnings', () => {
    const error = (code: ProblemCode) => ({
      code,
      message: '',
      severity: 'error' as const,
    });
    const warning = (code: ProblemCode) => ({
      code,
      message: '',
      severity: 'warning' as const,
    });
    expect(hasBlockingProblems({ problems: [] })).toBe(false);
    expect(
      hasBlockingProblems({ problems: [warning('misplaced-annotation')] }),
    ).toBe(false);
    expect(
      hasBlockingProblems({ problems: [error('unknown-query-endpoint')] }),
    ).toBe(false);
    expect(hasBlockingProblems({ problems: [error('invalid-tenant')] })).toBe(
      true,
    );
  });
});
