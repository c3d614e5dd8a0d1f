import { parse } from 'yaml';
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
  ANNOTATION_TENANT,
} from './annotations';
import { indexFleet, resolveFleet } from './fleet';
import { edgeTenant, edgeTenantHeaders } from './engines';
import { fleetLookup } from './fleetLookup';
import { Fleet, FleetCluster, GeneratedValues, ValuesOptions } from './types';
import {
  DEFAULT_CHART_VERSION,
  generateValues,
  HELM_REPO_COMMANDS,
  helmCommand,
  ValuesNotAvailableError,
} from './values';
import { edgeEntity, globalEntity } from './__testUtils__/entities';

const EU_WRITE_URL = 'https://prometheus.global-eu.example.com/api/v1/write';

function valuesOf(fleet: Fleet, name: string, options?: ValuesOptions) {
  const byRef = indexFleet(fleet);
  const cluster = fleet.clusters.find(c => c.name === name);
  if (!cluster) throw new Error(`${name} is not a fleet cluster`);
  return generateValues(cluster, ref => byRef.get(ref), options);
}

function errorOf(generate: () => unknown): ValuesNotAvailableError {
  try {
    generate();
  } catch (error) {
    if (error instanceof ValuesNotAvailableError) return error;
    throw error;
  }
  throw new Error('Expected a ValuesNotAvailableError');
}

/** Reads `values` along a path of keys and list indexes. */
function at(values: unknown, ...path: Array<string | number>): any {
  return path.reduce<any>((node, key) => node?.[key], values);
}

const fleet = resolveFleet([
  globalEntity('global-eu'),
  edgeEntity('edge-eu-1'),
  edgeEntity('edge-eu-2', {
    [ANNOTATION_CLUSTER_LABEL]: 'eu-2',
    [ANNOTATION_TENANT]: 'team-a',
  }),
]);

describe('generateValues', () => {
  it('starts from a fleet without problems', () => {
    expect(fleet.problems).toEqual([]);
  });

  describe('for a global', () => {
    const generated = valuesOf(fleet, 'global-eu');
    const spec = at(generated.values, 'prometheus', 'prometheusSpec');

    it('receives remote write', () => {
      expect(spec.enableRemoteWriteReceiver).toBe(true);
      expect(at(generated.values, 'prometheus', 'agentMode')).toBeUndefined();
      expect(spec.remoteWrite).toBeUndefined();
    });

    it('labels its own series with its cluster label', () => {
      expect(spec.externalLabels).toEqual({ cluster: 'global-eu' });
      expect(spec.scrapeClasses).toEqual([
        {
          name: 'fleet-cluster-label',
          default: true,
          relabelings: [
            {
              action: 'replace',
              targetLabel: 'cluster',
              replacement: 'global-eu',
            },
          ],
        },
      ]);
      expect(
        at(spec, 'additionalScrapeConfigs', 0, 'relabel_configs'),
      ).toContainEqual({
        action: 'replace',
        target_label: 'cluster',
        replacement: 'global-eu',
      });
    });

    it('keeps Alertmanager, Grafana and rules', () => {
      expect(generated.values).not.toHaveProperty('alertmanager');
      expect(generated.values).not.toHaveProperty('grafana');
      expect(generated.values).not.toHaveProperty('defaultRules');
    });

    it('describes itself', () => {
      expect(generated).toMatchObject({
        ref: 'resource:default/global-eu',
        role: 'global',
        clusterLabel: 'global-eu',
        chartVersion: DEFAULT_CHART_VERSION,
        fileName: 'values-global-eu.yaml',
      });
    });
  });

  describe('for an edge', () => {
    const generated = valuesOf(fleet, 'edge-eu-1');
    const spec = at(generated.values, 'prometheus', 'prometheusSpec');

    it('runs Prometheus in agent mode', () => {
      expect(at(generated.values, 'prometheus', 'agentMode')).toBe(true);
      expect(spec.enableRemoteWriteReceiver).toBeUndefined();
    });

    it('writes to its global, and nothing more without tenant, auth or queue settings', () => {
      expect(spec.remoteWrite).toEqual([
        { name: 'fleet-global-eu', url: EU_WRITE_URL },
      ]);
    });

    it('scrapes annotated pods with the seed kubernetes job, labelled with the cluster', () => {
      expect(spec.additionalScrapeConfigs).toHaveLength(1);
      const [job] = spec.additionalScrapeConfigs;
      expect(job.job_name).toBe('kubernetes');
      expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
      expect(job.relabel_configs[0]).toEqual({
        source_labels: [
          '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
        ],
        action: 'keep',
        regex: 'true',
      });
      expect(job.relabel_configs).toContainEqual({
        action: 'replace',
        target_label: 'cluster',
        replacement: 'edge-eu-1',
      });
      expect(job.relabel_configs).toContainEqual(
        expect.objectContaining({ target_label: '__metrics_path__' }),
      );
      expect(job.relabel_configs).toContainEqual(
        expect.objectContaining({
          target_label: '__address__',
          replacement: '$1:$2',
        }),
      );
    });

    it('sends the cluster label with every series, its own metrics included', () => {
      expect(spec.externalLabels).toEqual({ cluster: 'edge-eu-1' });
    });

    it('switches off what agent mode cannot run', () => {
      expect(generated.values).toMatchObject({
        alertmanager: { enabled: false },
        grafana: { enabled: false },
        defaultRules: { create: false },
      });
    });
  });

  it('sends the tenant as X-Scope-OrgID', () => {
    const spec = at(
      valuesOf(fleet, 'edge-eu-2').values,
      'prometheus',
      'prometheusSpec',
    );
    expect(spec.remoteWrite[0].headers).toEqual({ 'X-Scope-OrgID': 'team-a' });
    expect(spec.externalLabels).toEqual({ cluster: 'eu-2' });
  });

  describe('per engine', () => {
    /** A global of this engine, by annotation, with an edge with a tenant and one without. */
    function engineFleet(engine: string) {
      return resolveFleet([
        globalEntity('global', {
          [ANNOTATION_ENGINE]: engine,
          [ANNOTATION_REMOTE_WRITE_URL]: `https://${engine}.example.com/push`,
        }),
        edgeEntity('edge-a', { [ANNOTATION_TENANT]: 'team-a' }),
        edgeEntity('edge-none'),
      ]);
    }
    const remoteWriteOf = (generated: GeneratedValues) =>
      at(generated.values, 'prometheus', 'prometheusSpec', 'remoteWrite', 0);

    it.each([
      ['mimir', 'X-Scope-OrgID', 'anonymous'],
      ['cortex', 'X-Scope-OrgID', 'anonymous'],
      ['thanos', 'THANOS-TENANT', 'default-tenant'],
    ])(
      "%s: an edge sends its tenant in %s, else the engine's default tenant %s",
      (engine, header, defaultTenant) => {
        const engines = engineFleet(engine);
        expect(engines.problems).toEqual([]);
        const withTenant = valuesOf(engines, 'edge-a');
        const withoutTenant = valuesOf(engines, 'edge-none');
        expect(remoteWriteOf(withTenant)).toMatchObject({
          url: `https://${engine}.example.com/push`,
          headers: { [header]: 'team-a' },
        });
        expect(remoteWriteOf(withoutTenant).headers).toEqual({
          [header]: defaultTenant,
        });
        for (const generated of [withTenant, withoutTenant]) {
          expect(generated.engine).toBe(engine);
          expect(generated.onboarding).toBeUndefined();
          expect(parse(generated.yaml, { version: '1.1' })).toEqual(
            generated.values,
          );
        }
        expect(withTenant.yaml).toContain(
          `# Write as tenant team-a (${ANNOTATION_TENANT}) in `,
        );
        expect(withoutTenant.yaml).toContain(
          `# No ${ANNOTATION_TENANT}: write as `,
        );
        expect(withoutTenant.yaml).toContain(`${header}: ${defaultTenant}\n`);
      },
    );

    it.each(['prometheus', 'victoriametrics'])(
      '%s: has no tenants, so a tenant goes as X-Scope-OrgID as before and none is made up',
      engine => {
        const engines = engineFleet(engine);
        expect(remoteWriteOf(valuesOf(engines, 'edge-a')).headers).toEqual({
          'X-Scope-OrgID': 'team-a',
        });
        expect(
          remoteWriteOf(valuesOf(engines, 'edge-none')),
        ).not.toHaveProperty('headers');
        expect(valuesOf(engines, 'edge-a').yaml).not.toContain(
          'Write as tenant',
        );
      },
    );

    it('leaves the values of a Prometheus global and its edges as they were', () => {
      const prometheus = engineFleet('prometheus');
      for (const name of ['global', 'edge-a', 'edge-none']) {
        const generated = valuesOf(prometheus, name);
        expect(generated).not.toHaveProperty('engine');
        expect(generated).not.toHaveProperty('onboarding');
        expect(generated.helmCommand).toMatch(/^helm upgrade --install /);
      }
      expect(
        at(
          valuesOf(prometheus, 'global').values,
          'prometheus',
          'prometheusSpec',
          'enableRemoteWriteReceiver',
        ),
      ).toBe(true);
    });

    it("takes the engine of the global's query endpoint from resolution", () => {
      const configured = resolveFleet(
        [globalEntity('global'), edgeEntity('edge')],
        {
          queryEndpoints: ['global'],
          queryEndpointEngines: { global: 'thanos' },
        },
      );
      expect(remoteWriteOf(valuesOf(configured, 'edge')).headers).toEqual({
        'THANOS-TENANT': 'default-tenant',
      });
      expect(valuesOf(configured, 'global').engine).toBe('thanos');
    });

    describe.each([
      [
        'mimir',
        'Grafana Mimir',
        [
          '/api/v1/push',
          'X-Scope-OrgID',
          'anonymous',
          '-auth.multitenancy-enabled',
          '/prometheus',
          '-tenant-federation.enabled=true',
          'engine: mimir',
        ],
      ],
      [
        'cortex',
        'Cortex',
        [
          '/api/v1/push',
          'X-Scope-OrgID',
          '-auth.enabled',
          '-tenant-federation.enabled=true',
          'engine: cortex',
        ],
      ],
      [
        'thanos',
        'Thanos',
        [
          '/api/v1/receive',
          'THANOS-TENANT',
          'default-tenant',
          'tenant_id',
          'Thanos Query',
          'engine: thanos',
        ],
      ],
      [
        'victoriametrics',
        'VictoriaMetrics',
        ['/api/v1/write', '-retentionPeriod', 'engine: victoriametrics'],
      ],
    ])('a %s global', (engine, name, mentions) => {
      const engines = engineFleet(engine);
      const generated = generateValues(
        engines.clusters.find(c => c.name === 'global')!,
        fleetLookup(engines),
      );

      it('has nothing to install: empty values, comments only', () => {
        expect(generated.values).toEqual({});
        expect(parse(generated.yaml, { version: '1.1' })).toEqual({});
        expect(
          generated.yaml
            .trimEnd()
            .split('\n')
            .filter(line => line !== '' && !line.startsWith('#')),
        ).toEqual(['{}']);
        expect(generated.yaml).not.toContain('enableRemoteWriteReceiver');
        expect(generated.yaml).not.toContain('additionalPrometheusRulesMap');
        expect(generated.yaml.split('\n')[0]).toBe(
          `# No kube-prometheus-stack values for global cluster "global" (resource:default/global): it is a ${name} (engine ${engine}, from its query endpoint in app-config or its ${ANNOTATION_ENGINE} annotation).`,
        );
        expect(generated).toMatchObject({
          ref: 'resource:default/global',
          role: 'global',
          fileName: 'values-global.yaml',
          engine,
        });
      });

      it('says what to configure on the engine instead', () => {
        const { onboarding } = generated;
        expect(onboarding).toMatch(
          new RegExp(`^${name} receives the edges' remote write itself`),
        );
        expect(onboarding).toContain(
          `Its edges write to https://${engine}.example.com/push`,
        );
        for (const mention of mentions) {
          expect([mention, onboarding?.includes(mention)]).toEqual([
            mention,
            true,
          ]);
        }
        // The YAML says the same, sentence by sentence.
        for (const sentence of onboarding!.split(/(?<=\.) (?=[A-Z])/)) {
          expect(generated.yaml).toContain(`# ${sentence}\n`);
        }
      });

      it('gives a helm command that installs nothing', () => {
        expect(generated.helmCommand).toBe(
          `# Nothing to install with helm on this ${name} global: configure ${name} as values-global.yaml says.`,
        );
      });
    });

    it('throws for the edges of a global whose engine is in question', () => {
      const unsettled = resolveFleet(
        [
          globalEntity('global', { [ANNOTATION_ENGINE]: 'mimir' }),
          edgeEntity('edge'),
        ],
        { queryEndpoints: ['global'] },
      );
      expect(
        errorOf(() => valuesOf(unsettled, 'global')).problems.map(p => p.code),
      ).toEqual(['engine-mismatch']);
      expect(
        errorOf(() => valuesOf(unsettled, 'edge')).problems.map(p => p.code),
      ).toEqual(['global-not-ready']);
      // A lookup into a fleet whose edge was not flagged: still no values.
      const edge: FleetCluster = {
        ...unsettled.clusters.find(c => c.name === 'edge')!,
        problems: [],
      };
      expect(
        errorOf(() =>
          generateValues(edge, fleetLookup(unsettled)),
        ).problems.map(p => p.code),
      ).toEqual(['global-not-ready']);
    });

    it('treats a global without an engine, as resolved before engines, as a Prometheus', () => {
      const global = fleet.clusters.find(c => c.name === 'global-eu')!;
      const edge = fleet.clusters.find(c => c.name === 'edge-eu-2')!;
      const { engine: _, ...legacy } = global;
      const generated = generateValues(edge, () => legacy);
      expect(remoteWriteOf(generated).headers).toEqual({
        'X-Scope-OrgID': 'team-a',
      });
      expect(generateValues(legacy, () => undefined).values).toHaveProperty(
        'prometheus.prometheusSpec.enableRemoteWriteReceiver',
        true,
      );
    });
  });

  describe('edgeTenant and edgeTenantHeaders', () => {
    it('give the tenant an edge writes under and the header it goes in', () => {
      expect(edgeTenant({ tenant: 'team-a' }, 'mimir')).toBe('team-a');
      expect(edgeTenant({}, 'mimir')).toBe('anonymous');
      expect(edgeTenant({}, 'thanos')).toBe('default-tenant');
      expect(edgeTenant({})).toBeUndefined();
      expect(edgeTenant({}, 'victoriametrics')).toBeUndefined();
      expect(edgeTenantHeaders({}, 'cortex')).toEqual({
        'X-Scope-OrgID': 'anonymous',
      });
      expect(edgeTenantHeaders({ tenant: 't' }, 'thanos')).toEqual({
        'THANOS-TENANT': 't',
      });
      expect(edgeTenantHeaders({ tenant: 't' })).toEqual({
        'X-Scope-OrgID': 't',
      });
      expect(edgeTenantHeaders({}, 'prometheus')).toBeUndefined();
    });
  });

  describe('write auth', () => {
    function remoteWriteFor(auth: string, secret?: string) {
      const authFleet = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_REMOTE_WRITE_AUTH]: auth,
          ...(secret ? { [ANNOTATION_REMOTE_WRITE_SECRET]: secret } : {}),
        }),
        edgeEntity('edge'),
      ]);
      const generated = valuesOf(authFleet, 'edge');
      return {
        generated,
        remoteWrite: at(
          generated.values,
          'prometheus',
          'prometheusSpec',
          'remoteWrite',
          0,
        ),
      };
    }

    it('basic: username and password keys of the Secret', () => {
      const { remoteWrite } = remoteWriteFor('basic', 'eu-write');
      expect(remoteWrite.basicAuth).toEqual({
        username: { name: 'eu-write', key: 'username' },
        password: { name: 'eu-write', key: 'password' },
      });
    });

    it('bearer: the token key of the Secret', () => {
      const { remoteWrite } = remoteWriteFor('bearer', 'eu-write');
      expect(remoteWrite.authorization).toEqual({
        type: 'Bearer',
        credentials: { name: 'eu-write', key: 'token' },
      });
    });

    it('mtls: certificate, key and CA of the Secret', () => {
      const { remoteWrite } = remoteWriteFor('mtls', 'eu-write');
      expect(remoteWrite.tlsConfig).toEqual({
        ca: { secret: { name: 'eu-write', key: 'ca.crt' } },
        cert: { secret: { name: 'eu-write', key: 'tls.crt' } },
        keySecret: { name: 'eu-write', key: 'tls.key' },
      });
    });

    it('none: no auth settings at all', () => {
      const { remoteWrite } = remoteWriteFor('none');
      expect(Object.keys(remoteWrite).sort()).toEqual(['name', 'url']);
    });

    it.each(['basic', 'bearer', 'mtls'])(
      '%s: only Secret references, the default Secret when none is named',
      auth => {
        const { remoteWrite, generated } = remoteWriteFor(auth);
        const { name, url, ...authSettings } = remoteWrite;
        const selectors: unknown[] = [];
        const leaves: Array<[string, unknown]> = [];
        const collect = (node: unknown, path: string) => {
          if (node && typeof node === 'object' && 'key' in node) {
            selectors.push(node);
          } else if (node && typeof node === 'object') {
            for (const [key, child] of Object.entries(node))
              collect(child, `${path}.${key}`);
          } else {
            leaves.push([path, node]);
          }
        };
        collect(authSettings, 'remoteWrite[0]');
        expect(selectors.length).toBeGreaterThan(0);
        expect(selectors).toEqual(
          selectors.map(() => ({
            name: 'prometheus-fleet-remote-write',
            key: expect.any(String),
          })),
        );
        // The only literal besides Secret selectors is the Bearer scheme name.
        expect(leaves).toEqual(
          auth === 'bearer'
            ? [['remoteWrite[0].authorization.type', 'Bearer']]
            : [],
        );
        expect(generated.yaml).toContain('name: prometheus-fleet-remote-write');
      },
    );
  });

  describe('queue config', () => {
    const queueConfig = {
      capacity: 10000,
      minShards: 2,
      maxShards: 50,
      maxSamplesPerSend: 2000,
      batchSendDeadline: '5s',
      minBackoff: '30ms',
      maxBackoff: '5s',
      retryOnRateLimit: true,
      sampleAgeLimit: '10m',
    };
    const queueFleet = resolveFleet([
      globalEntity('global'),
      edgeEntity('edge-default'),
      edgeEntity('edge-tuned', { [ANNOTATION_MAX_SHARDS]: '200' }),
    ]);
    const queueOf = (name: string, options?: ValuesOptions) =>
      at(
        valuesOf(queueFleet, name, options).values,
        'prometheus',
        'prometheusSpec',
        'remoteWrite',
        0,
        'queueConfig',
      );

    it('comes from the options', () => {
      expect(queueOf('edge-default', { queueConfig })).toEqual(queueConfig);
    });

    it('takes max shards from the edge annotation over the options', () => {
      expect(queueOf('edge-tuned', { queueConfig })).toEqual({
        ...queueConfig,
        maxShards: 200,
      });
    });

    it('holds only the annotation when the options have no queue settings', () => {
      expect(queueOf('edge-tuned')).toEqual({ maxShards: 200 });
    });

    it('is left out when nothing sets it', () => {
      expect(queueOf('edge-default')).toBeUndefined();
      expect(
        queueOf('edge-default', { queueConfig: { maxShards: undefined } }),
      ).toBeUndefined();
    });
  });

  describe('Remote-Write 2.0', () => {
    const protocolFleet = resolveFleet([
      globalEntity('global-v2', { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v2' }),
      globalEntity('global-v1', { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v1' }),
      globalEntity('global-default'),
      edgeEntity('edge-v2', { [ANNOTATION_GLOBAL]: 'global-v2' }),
      edgeEntity('edge-v1', { [ANNOTATION_GLOBAL]: 'global-v1' }),
      edgeEntity('edge-default', { [ANNOTATION_GLOBAL]: 'global-default' }),
    ]);
    const specOf = (name: string) =>
      at(valuesOf(protocolFleet, name).values, 'prometheus', 'prometheusSpec');

    it('starts from a fleet without problems', () => {
      expect(protocolFleet.problems).toEqual([]);
    });

    it('has the edges of a v2 global send Remote-Write 2.0 messages', () => {
      expect(specOf('edge-v2').remoteWrite).toEqual([
        {
          name: 'fleet-global-v2',
          url: 'https://prometheus.global-v2.example.com/api/v1/write',
          messageVersion: 'V2.0',
        },
      ]);
    });

    it("leaves a v2 global on Prometheus 3's default of accepting both message versions", () => {
      const spec = specOf('global-v2');
      expect(spec.enableRemoteWriteReceiver).toBe(true);
      expect(spec).not.toHaveProperty('remoteWriteReceiverMessageVersions');
    });

    it.each(['v1', 'default'])(
      'leaves the message versions to the operator for a %s global and its edges',
      protocol => {
        expect(specOf(`edge-${protocol}`).remoteWrite).toEqual([
          {
            name: `fleet-global-${protocol}`,
            url: `https://prometheus.global-${protocol}.example.com/api/v1/write`,
          },
        ]);
        expect(specOf(`global-${protocol}`)).not.toHaveProperty(
          'remoteWriteReceiverMessageVersions',
        );
      },
    );

    it('says at both ends that Remote-Write 2.0 needs Prometheus 3.0 there, and what a 2.x global answers', () => {
      const needs =
        'It needs Prometheus 3.0 or later at the global and every edge: a 2.x global answers 204 but stores nothing, and the edge reads silent, so check prometheus.prometheusSpec.image.tag (or version) at both ends.';
      expect(valuesOf(protocolFleet, 'edge-v2').yaml).toContain(
        `        # Send Remote-Write 2.0 (${ANNOTATION_REMOTE_WRITE_PROTOCOL}: v2 on the global). ${needs}\n        messageVersion: V2.0\n`,
      );
      expect(valuesOf(protocolFleet, 'global-v2').yaml).toContain(
        `They send Remote-Write 2.0 (${ANNOTATION_REMOTE_WRITE_PROTOCOL}: v2), which Prometheus 3 accepts beside 1.0 by default. ${needs} remoteWriteReceiverMessageVersions stays unset`,
      );
      for (const name of ['edge-v1', 'global-v1']) {
        expect(valuesOf(protocolFleet, name).yaml).not.toContain(
          'Remote-Write 2.0',
        );
      }
    });

    it('puts the message version beside auth and queue settings, and parses back', () => {
      const tuned = resolveFleet([
        globalEntity('global', {
          [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v2',
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'bearer',
        }),
        edgeEntity('edge', {
          [ANNOTATION_TENANT]: 'team-a',
          [ANNOTATION_MAX_SHARDS]: '20',
        }),
      ]);
      const generated = valuesOf(tuned, 'edge', {
        queueConfig: { minShards: 2 },
      });
      expect(
        at(generated.values, 'prometheus', 'prometheusSpec', 'remoteWrite', 0),
      ).toMatchObject({
        headers: { 'X-Scope-OrgID': 'team-a' },
        authorization: { type: 'Bearer' },
        messageVersion: 'V2.0',
        queueConfig: { minShards: 2, maxShards: 20 },
      });
      expect(parse(generated.yaml, { version: '1.1' })).toEqual(
        generated.values,
      );
    });
  });

  describe('when values cannot be generated', () => {
    it('throws ValuesNotAvailableError with the blocking problems of the cluster', () => {
      const broken = resolveFleet([
        globalEntity('global'),
        edgeEntity('edge', {
          [ANNOTATION_TENANT]: 'a b',
          [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic',
        }),
      ]);
      const error = errorOf(() => valuesOf(broken, 'edge'));
      expect(error.problems.map(p => p.code)).toEqual(['invalid-tenant']);
      expect(error.message).toContain('resource:default/edge');
    });

    it('throws for the edges of a global that is not ready', () => {
      const broken = resolveFleet([
        globalEntity('global', { [ANNOTATION_REMOTE_WRITE_AUTH]: 'oauth2' }),
        edgeEntity('edge'),
      ]);
      expect(
        errorOf(() => valuesOf(broken, 'global')).problems.map(p => p.code),
      ).toEqual(['invalid-remote-write-auth']);
      expect(
        errorOf(() => valuesOf(broken, 'edge')).problems.map(p => p.code),
      ).toEqual(['global-not-ready']);
    });

    it('throws for an edge whose global the lookup cannot find or cannot use', () => {
      const edge = fleet.clusters.find(c => c.name === 'edge-eu-1')!;
      const global = fleet.clusters.find(c => c.name === 'global-eu')!;
      const withoutAuth: FleetCluster = {
        ...global,
        remoteWriteAuth: undefined,
      };
      for (const lookup of [() => undefined, () => withoutAuth]) {
        expect(
          errorOf(() => generateValues(edge, lookup)).problems.map(p => p.code),
        ).toEqual(['global-not-ready']);
      }
    });

    it('throws for an edge whose max-shards is below the minShards of the options', () => {
      const entities = [
        globalEntity('global'),
        edgeEntity('edge', { [ANNOTATION_MAX_SHARDS]: '3' }),
      ];
      const queueConfig = { minShards: 4 };
      // Resolved with the queue config, and without it: either way, no values.
      for (const shardsFleet of [
        resolveFleet(entities, { queueConfig }),
        resolveFleet(entities),
      ]) {
        const error = errorOf(() =>
          valuesOf(shardsFleet, 'edge', { queueConfig }),
        );
        expect(error.problems.map(p => p.code)).toEqual([
          'max-shards-below-min-shards',
        ]);
        expect(error.message).toContain(
          'is 3, below the fleet-wide minShards of 4',
        );
      }
      const atTheMinimum = valuesOf(resolveFleet(entities), 'edge', {
        queueConfig: { minShards: 3 },
      });
      expect(
        at(
          atTheMinimum.values,
          'prometheus',
          'prometheusSpec',
          'remoteWrite',
          0,
          'queueConfig',
        ),
      ).toEqual({ minShards: 3, maxShards: 3 });
    });

    it('still generates despite warnings and an unknown query endpoint', () => {
      const warned = resolveFleet(
        [
          globalEntity('global', {
            [ANNOTATION_QUERY_ENDPOINT]: 'elsewhere',
            [ANNOTATION_TENANT]: 'x',
          }),
          edgeEntity('edge'),
        ],
        { queryEndpoints: ['global'] },
      );
      expect(warned.problems.map(p => p.code)).toEqual([
        'unknown-query-endpoint',
        'misplaced-annotation',
      ]);
      expect(valuesOf(warned, 'global').values).toBeDefined();
      expect(valuesOf(warned, 'edge').values).toBeDefined();
    });
  });

  describe('label injection', () => {
    it.each([
      ['a: b'],
      ['"x'],
      ["x'"],
      ['x\ny: 1'],
      ['x #'],
      ['{{ x }}'],
      ['x\u0000'],
      ['l'.repeat(64)],
    ])('rejects %j and never writes it', label => {
      const injected = resolveFleet([
        globalEntity('global', { [ANNOTATION_CLUSTER_LABEL]: label }),
        globalEntity('global-ok'),
        edgeEntity('edge-of-global', { [ANNOTATION_GLOBAL]: 'global' }),
        edgeEntity('edge', {
          [ANNOTATION_GLOBAL]: 'global-ok',
          [ANNOTATION_CLUSTER_LABEL]: label,
        }),
        edgeEntity('edge-ok', { [ANNOTATION_GLOBAL]: 'global-ok' }),
      ]);
      const byRef = indexFleet(injected);
      const written: string[] = [];
      const refused: string[] = [];
      for (const cluster of injected.clusters) {
        try {
          const generated = generateValues(cluster, ref => byRef.get(ref));
          written.push(
            generated.yaml,
            JSON.stringify(generated.values),
            generated.helmCommand,
          );
        } catch (error) {
          if (!(error instanceof ValuesNotAvailableError)) throw error;
          refused.push(cluster.name);
        }
      }
      expect(refused).toEqual(['global', 'edge-of-global', 'edge']);
      expect(written).toHaveLength(6);
      for (const text of written) {
        expect(text).not.toContain(label.trim());
      }
    });
  });

  describe('YAML', () => {
    const variants = resolveFleet([
      globalEntity('global-none'),
      globalEntity('global-basic', { [ANNOTATION_REMOTE_WRITE_AUTH]: 'basic' }),
      globalEntity('global-bearer', {
        [ANNOTATION_REMOTE_WRITE_AUTH]: 'bearer',
        [ANNOTATION_CLUSTER_LABEL]: '2024',
      }),
      globalEntity('global-mtls', {
        [ANNOTATION_REMOTE_WRITE_AUTH]: 'mtls',
        [ANNOTATION_REMOTE_WRITE_SECRET]: 'tls.pair',
      }),
      // Labels and tenants YAML would read as other types unless quoted.
      ...['true', 'null', '1e3', '0x1F', '012', 'edge-a', 'edge-b'].map(
        (label, index) =>
          edgeEntity(`edge-${index}`, {
            [ANNOTATION_GLOBAL]: [
              'global-none',
              'global-basic',
              'global-bearer',
              'global-mtls',
            ][index % 4],
            [ANNOTATION_CLUSTER_LABEL]: label,
            ...(index % 2
              ? {
                  [ANNOTATION_TENANT]: ['*team', '---', 'false', "'q'"][
                    index % 4
                  ],
                }
              : {}),
            ...(index % 3 ? { [ANNOTATION_MAX_SHARDS]: String(index) } : {}),
          }),
      ),
    ]);
    const options: ValuesOptions = {
      queueConfig: {
        capacity: 5000,
        batchSendDeadline: '5s',
        retryOnRateLimit: false,
      },
    };

    it('covers a fleet without problems', () => {
      expect(variants.problems).toEqual([]);
    });

    it.each(variants.clusters.map(c => [c.name, c.clusterLabel]))(
      'parses back to the values for %s (label %s)',
      name => {
        for (const generated of [
          valuesOf(variants, name),
          valuesOf(variants, name, options),
        ]) {
          expect(parse(generated.yaml)).toEqual(generated.values);
        }
      },
    );

    it('starts with a header naming the chart version, role, label and ref', () => {
      const generated = valuesOf(fleet, 'edge-eu-2', {
        chartVersion: '90.0.0',
      });
      expect(generated.yaml.split('\n').slice(0, 2)).toEqual([
        '# kube-prometheus-stack 90.0.0 values for edge cluster "eu-2" (resource:default/edge-eu-2).',
        '# Generated by Prometheus Fleet from the Backstage catalog: change the catalog, not this file.',
      ]);
      expect(generated.chartVersion).toBe('90.0.0');
    });

    it('explains the settings in comments', () => {
      const edgeYaml = valuesOf(fleet, 'edge-eu-1').yaml;
      expect(edgeYaml).toContain(
        '    # Forward everything to the global resource:default/global-eu.\n    remoteWrite:\n',
      );
      expect(edgeYaml).toContain(
        '  # Agent mode: scrape and forward only, no local queries or rules.\n  agentMode: true\n',
      );
      expect(edgeYaml).toMatch(
        /^# Agent mode evaluates no rules.*\nalertmanager:\n/m,
      );
      const globalYaml = valuesOf(fleet, 'global-eu').yaml;
      expect(globalYaml).toMatch(
        /# Receive the edges' remote write on \/api\/v1\/write\.\n\s+enableRemoteWriteReceiver: true\n/,
      );
    });

    it('writes each cluster its own label, not one reused from another cluster', () => {
      const first = valuesOf(fleet, 'edge-eu-1').yaml;
      const second = valuesOf(fleet, 'edge-eu-2').yaml;
      expect(first).toContain('cluster: edge-eu-1\n');
      expect(first).not.toContain('eu-2');
      expect(second).toContain('cluster: eu-2\n');
      expect(second).toContain('X-Scope-OrgID: team-a\n');
      expect(second).not.toContain('edge-eu-1');
    });

    describe('as Helm reads it, by YAML 1.1', () => {
      // Plain, YAML 1.1 reads these as booleans, null, numbers or a
      // timestamp; go-yaml, Helm's reader, also reads 0o17, 0O17, 0X1F,
      // 0B1010 and 1e_3 as numbers.
      const labels = [
        ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON'],
        ...['off', 'Off', 'OFF', 'y', 'Y', 'n', 'N'],
        ...['1_000', '0b1010', '0o17', '0O17', '0x1F', '0X1F', '0B1010'],
        ...['1e3', '1e_3', '017', '09', '2001-12-14'],
        ...['null', 'Null', 'true', 'False'],
      ];
      // Valid tenants, but not valid labels.
      const tenantsOnly = ['.inf', '.5', '-1', '-.5'];
      const globalLabel = 'TRUE';
      const mustBeQuoted = new Set([...labels, ...tenantsOnly, globalLabel]);
      const asWritten = (value: string) =>
        mustBeQuoted.has(value) ? `"${value}"` : value;
      const quirks = resolveFleet([
        globalEntity('global', { [ANNOTATION_CLUSTER_LABEL]: globalLabel }),
        edgeEntity('edge-plain', { [ANNOTATION_TENANT]: 'team-a' }),
        ...labels.map((label, index) =>
          edgeEntity(`edge-${index}`, {
            [ANNOTATION_CLUSTER_LABEL]: label,
            [ANNOTATION_TENANT]: [...labels, ...tenantsOnly][
              (index + 4) % (labels.length + tenantsOnly.length)
            ],
          }),
        ),
        ...tenantsOnly.map(tenant =>
          edgeEntity(`edge-tenant${tenant}`, { [ANNOTATION_TENANT]: tenant }),
        ),
      ]);

      it('covers a fleet without problems', () => {
        expect(quirks.problems).toEqual([]);
      });

      it.each(
        quirks.clusters.map(c => [c.name, c.clusterLabel, c.tenant ?? '']),
      )('writes %s (label %s, tenant %s) as strings', (name, label, tenant) => {
        // An edge of plain strings first, so that a reused skeleton would
        // show any of these written bare in its place.
        valuesOf(quirks, 'edge-plain');
        const generated = valuesOf(quirks, name);
        expect(parse(generated.yaml, { version: '1.1' })).toEqual(
          generated.values,
        );
        // Quoted for go-yaml too, which YAML 1.1 alone does not show.
        const lines = [
          `  cluster: ${asWritten(label)}\n`,
          ...(tenant ? [`X-Scope-OrgID: ${asWritten(tenant)}\n`] : []),
        ];
        for (const line of lines) expect(generated.yaml).toContain(line);
      });
    });

    it('writes no YAML anchors or aliases', () => {
      for (const cluster of variants.clusters) {
        expect(valuesOf(variants, cluster.name, options).yaml).not.toMatch(
          /[&*]a\d/,
        );
      }
    });
  });

  describe('file name and helm command', () => {
    it('names the file after the cluster label', () => {
      expect(valuesOf(fleet, 'edge-eu-2').fileName).toBe('values-eu-2.yaml');
    });

    it('installs the chart version with those values', () => {
      expect(valuesOf(fleet, 'edge-eu-2').helmCommand).toBe(
        `helm upgrade --install kube-prometheus-stack prometheus-community/kube-prometheus-stack --version ${DEFAULT_CHART_VERSION} --namespace monitoring --create-namespace --values values-eu-2.yaml`,
      );
    });

    it('takes release, namespace and chart version from the options', () => {
      const options = {
        releaseName: 'fleet',
        namespace: 'observability',
        chartVersion: '90.0.0',
      };
      expect(valuesOf(fleet, 'global-eu', options).helmCommand).toBe(
        'helm upgrade --install fleet prometheus-community/kube-prometheus-stack --version 90.0.0 --namespace observability --create-namespace --values values-global-eu.yaml',
      );
      expect(helmCommand('values.yaml')).toContain(
        `--version ${DEFAULT_CHART_VERSION} `,
      );
    });

    it('comes after adding the repository it installs the chart from', () => {
      expect(HELM_REPO_COMMANDS).toEqual([
        'helm repo add prometheus-community https://prometheus-community.github.io/helm-charts',
        'helm repo update prometheus-community',
      ]);
      expect(helmCommand('values.yaml')).toContain(
        ' prometheus-community/kube-prometheus-stack ',
      );
    });
  });
});
