import fs from 'node:fs/promises';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  generateValues,
  indexFleet,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import { parse } from 'yaml';
import { createEdgeAction } from './createEdgeAction';

function cluster(
  name: string,
  annotations: Record<string, string>,
  extraSpec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform-team',
      ...extraSpec,
    },
  };
}

const globalEu = cluster('global-eu', {
  'prometheus-fleet.io/role': 'global',
  'prometheus-fleet.io/remote-write-url':
    'https://prometheus.global-eu.example.com/api/v1/write',
  'prometheus-fleet.io/remote-write-auth': 'bearer',
  'prometheus-fleet.io/query-endpoint': 'global-eu',
});
const globalElsewhere = cluster('global-elsewhere', {
  'prometheus-fleet.io/role': 'global',
  'prometheus-fleet.io/remote-write-url':
    'https://prometheus.elsewhere.example.com/api/v1/write',
  'prometheus-fleet.io/query-endpoint': 'not-configured-here',
});
const globalBroken = cluster('global-broken', {
  'prometheus-fleet.io/role': 'global',
});
const edgeEu1 = cluster('edge-eu-1', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'resource:default/global-eu',
});
const edgeLabelled = cluster('edge-eu-2', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'resource:default/global-eu',
  'prometheus-fleet.io/cluster-label': 'eu-two',
});
const plainCluster = cluster('plain-cluster', {});
const entities = [
  globalEu,
  globalElsewhere,
  globalBroken,
  edgeEu1,
  edgeLabelled,
  plainCluster,
];

const fleetConfig = {
  queryEndpoints: [{ name: 'global-eu', url: 'http://127.0.0.1:9090' }],
  chart: { version: '88.5.3', releaseName: 'prometheus', namespace: 'obs' },
  remoteWrite: { queueConfig: { maxShards: 50, batchSendDeadline: '5s' } },
};
const valuesOptions = {
  chartVersion: '88.5.3',
  releaseName: 'prometheus',
  namespace: 'obs',
  queueConfig: { maxShards: 50, batchSendDeadline: '5s' },
};

const minimalInput = {
  name: 'edge-eu-3',
  global: 'resource:default/global-eu',
  owner: 'group:default/platform-team',
};

describe('prometheus-fleet:edge:create', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const credentials = mockCredentials.user('user:default/alice');
  let catalog: ReturnType<typeof catalogServiceMock>;

  beforeEach(() => {
    mockDir.setContent({ workspace: {} });
    catalog = catalogServiceMock({ entities });
  });

  function action() {
    return createEdgeAction({
      catalog,
      config: mockServices.rootConfig({
        data: { prometheusFleet: fleetConfig },
      }),
    });
  }

  async function run(
    input: Record<string, string | number>,
    isDryRun?: boolean,
  ) {
    const ctx = {
      ...createMockActionContext({ input, workspacePath }),
      getInitiatorCredentials: async () => credentials,
      isDryRun,
    };
    await action().handler(ctx as any);
    return ctx;
  }

  /** What the backend would generate once the entity is in the catalog. */
  function expectedValues(entity: Entity) {
    const fleet = indexFleet(
      resolveFleet([...entities, entity], { queryEndpoints: ['global-eu'] }),
    );
    return generateValues(
      fleet.get('resource:default/edge-eu-3')!,
      ref => fleet.get(ref),
      valuesOptions,
    );
  }

  it('writes the entity and the values the backend would generate', async () => {
    const ctx = await run({
      ...minimalInput,
      clusterLabel: 'eu-three',
      tenant: 'payments',
      title: 'Edge EU 3',
      maxShards: 20,
      description: 'Payments in eu-south-1',
      apiServer: 'https://kube.edge-eu-3.example.com:6443',
      apiServerCertificateAuthority: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      authProvider: 'serviceAccount',
    });

    expect(await fs.readdir(workspacePath)).toEqual([
      'catalog-info.yaml',
      'values-eu-three.yaml',
    ]);
    const entity = parse(
      await fs.readFile(mockDir.resolve('workspace/catalog-info.yaml'), 'utf8'),
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'edge-eu-3',
        title: 'Edge EU 3',
        description: 'Payments in eu-south-1',
        annotations: {
          'prometheus-fleet.io/role': 'edge',
          'prometheus-fleet.io/global': 'resource:default/global-eu',
          'prometheus-fleet.io/cluster-label': 'eu-three',
          'prometheus-fleet.io/tenant': 'payments',
          'prometheus-fleet.io/max-shards': '20',
          'kubernetes.io/api-server': 'https://kube.edge-eu-3.example.com:6443',
          'kubernetes.io/api-server-certificate-authority':
            'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
          'kubernetes.io/auth-provider': 'serviceAccount',
        },
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/global-eu'],
      },
    });

    const expected = expectedValues(entity);
    const valuesYaml = await fs.readFile(
      mockDir.resolve('workspace/values-eu-three.yaml'),
      'utf8',
    );
    expect(valuesYaml).toBe(expected.yaml);
    const values = parse(valuesYaml);
    expect(values).toEqual(expected.values);
    expect(values.prometheus.prometheusSpec.remoteWrite[0]).toMatchObject({
      url: 'https://prometheus.global-eu.example.com/api/v1/write',
      headers: { 'X-Scope-OrgID': 'payments' },
      queueConfig: { maxShards: 20, batchSendDeadline: '5s' },
    });
    expect(values.prometheus.prometheusSpec.externalLabels).toEqual({
      cluster: 'eu-three',
    });

    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/edge-eu-3',
    );
    expect(ctx.output).toHaveBeenCalledWith('clusterLabel', 'eu-three');
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      'catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'valuesPath',
      'values-eu-three.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'helmCommand',
      'helm upgrade --install prometheus prometheus-community/kube-prometheus-stack --version 88.5.3 --namespace obs --create-namespace --values values-eu-three.yaml',
    );
  });

  it('writes only the annotations that were given, and treats empty fields as not given', async () => {
    await run({
      ...minimalInput,
      clusterLabel: '',
      tenant: ' ',
      apiServer: '',
    });

    expect(await fs.readdir(workspacePath)).toEqual([
      'catalog-info.yaml',
      'values-edge-eu-3.yaml',
    ]);
    const entity = parse(
      await fs.readFile(mockDir.resolve('workspace/catalog-info.yaml'), 'utf8'),
    );
    expect(entity.metadata).toEqual({
      name: 'edge-eu-3',
      annotations: {
        'prometheus-fleet.io/role': 'edge',
        'prometheus-fleet.io/global': 'resource:default/global-eu',
      },
    });
  });

  it('reads the catalog with the credentials of the user running the task', async () => {
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');

    await run(minimalInput);

    expect(getEntities).toHaveBeenCalledWith(expect.anything(), {
      credentials,
    });
    expect(getEntityByRef).toHaveBeenCalledWith('resource:default/edge-eu-3', {
      credentials,
    });
  });

  it('accepts a global whose query endpoint is configured elsewhere', async () => {
    const ctx = await run({
      ...minimalInput,
      global: 'resource:default/global-elsewhere',
    });

    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/edge-eu-3',
    );
  });

  it('writes into targetPath inside the workspace', async () => {
    const ctx = await run({
      ...minimalInput,
      targetPath: 'clusters/edge-eu-3',
    });

    expect(
      await fs.readdir(mockDir.resolve('workspace/clusters/edge-eu-3')),
    ).toEqual(['catalog-info.yaml', 'values-edge-eu-3.yaml']);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      'clusters/edge-eu-3/catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'valuesPath',
      'clusters/edge-eu-3/values-edge-eu-3.yaml',
    );
  });

  it('supports dry runs, writing into the (temporary) workspace as usual', async () => {
    expect(action().supportsDryRun).toBe(true);

    const ctx = await run(minimalInput, true);

    expect(await fs.readdir(workspacePath)).toEqual([
      'catalog-info.yaml',
      'values-edge-eu-3.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/edge-eu-3',
    );
  });

  it.each([
    [
      'a bad name',
      { name: 'edge eu 3' },
      /Name "edge eu 3" is not a valid entity name/,
    ],
    [
      'a name over 63 characters',
      { name: 'e'.repeat(64) },
      /is not a valid entity name/,
    ],
    [
      'a bad cluster label',
      { clusterLabel: 'arn:aws:eks:eu-west-1:1:cluster/x' },
      /Cluster label "arn:aws:eks:eu-west-1:1:cluster\/x" is not a valid label value/,
    ],
    [
      'a bad tenant',
      { tenant: 'team a' },
      /Tenant "team a" is not a valid tenant id/,
    ],
    [
      'an API server that is not a URL',
      { apiServer: 'kube.example.com:6443' },
      /Kubernetes API server "kube.example.com:6443" is not an http\(s\) URL/,
    ],
    [
      'an API server with another scheme',
      { apiServer: 'ftp://kube.example.com' },
      /Kubernetes API server "ftp:\/\/kube.example.com" is not an http\(s\) URL/,
    ],
    [
      'an API server with credentials',
      { apiServer: 'https://admin:secret@kube.example.com' },
      /must not embed credentials/,
    ],
    [
      'a certificate authority that is not base64',
      { apiServerCertificateAuthority: '-----BEGIN CERTIFICATE-----' },
      /base64-encoded PEM/,
    ],
    [
      'a bad auth provider',
      { authProvider: 'service account' },
      /auth provider name/,
    ],
    [
      'a global that is not an entity ref',
      { global: 'resource:' },
      /Global "resource:" is not an entity ref/,
    ],
    [
      'an owner that is not an entity ref',
      { owner: 'group:' },
      /Owner "group:" is not an entity ref/,
    ],
    [
      'a name already in the catalog',
      { name: 'edge-eu-1' },
      /resource:default\/edge-eu-1 already exists in the catalog/,
    ],
    [
      'a cluster label already in the fleet',
      { clusterLabel: 'edge-eu-1' },
      /Cluster label "edge-eu-1" is already used by resource:default\/edge-eu-1/,
    ],
    [
      'a name that is already another cluster label',
      { name: 'eu-two' },
      /The name "eu-two" is already the cluster label of resource:default\/edge-eu-2/,
    ],
    [
      'an edge as the global',
      { global: 'resource:default/edge-eu-1' },
      /resource:default\/edge-eu-1 is an edge, not a global/,
    ],
    [
      'a cluster outside the fleet as the global',
      { global: 'plain-cluster' },
      /resource:default\/plain-cluster is not a global of the Prometheus fleet/,
    ],
    [
      'a global with blocking problems',
      { global: 'resource:default/global-broken' },
      /Global resource:default\/global-broken cannot take edges until its problems are fixed: Global has no prometheus-fleet.io\/remote-write-url annotation/,
    ],
    [
      'an unknown global',
      { global: 'resource:default/global-mars' },
      /Global resource:default\/global-mars is not in the catalog/,
    ],
    [
      'a targetPath outside the workspace',
      { targetPath: '../elsewhere' },
      /targetPath "..\/elsewhere" is outside the workspace/,
    ],
  ])('refuses %s and writes nothing', async (_, change, message) => {
    const ctx = createMockActionContext({
      input: { ...minimalInput, ...change },
      workspacePath,
    });

    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
    // The run log shows error.stack: the sentence, without a trace.
    expect(error.stack).toBe(`InputError: ${error.message}`);
    expect(await fs.readdir(mockDir.path)).toEqual(['workspace']);
    expect(await fs.readdir(workspacePath)).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a max shards the fleet would not take, in the fleet’s words', async () => {
    const belowMin = createEdgeAction({
      catalog,
      config: mockServices.rootConfig({
        data: {
          prometheusFleet: {
            ...fleetConfig,
            remoteWrite: { queueConfig: { minShards: 4, maxShards: 50 } },
          },
        },
      }),
    });
    const ctx = createMockActionContext({
      input: { ...minimalInput, maxShards: 2 },
      workspacePath,
    });
    await expect(belowMin.handler(ctx)).rejects.toThrow(
      /prometheus-fleet.io\/max-shards is 2, below the fleet-wide minShards of 4/,
    );
    await expect(
      action().handler(
        createMockActionContext({
          input: { ...minimalInput, maxShards: 'many' },
          workspacePath,
        }),
      ),
    ).rejects.toThrow(/use a whole number from 1 to 10000/);
    expect(await fs.readdir(workspacePath)).toEqual([]);
  });

  it('replaces an unexpected failure by a sentence, its details in the backend log', async () => {
    const failure = new Error(
      "EACCES: permission denied, open '/srv/backstage/secret/catalog-info.yaml'",
    );
    jest.spyOn(catalog, 'getEntities').mockRejectedValue(failure);
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input: minimalInput, workspacePath });
    const error = await createEdgeAction({
      catalog,
      config: mockServices.rootConfig({
        data: { prometheusFleet: fleetConfig },
      }),
      logger,
    })
      .handler(ctx)
      .catch(e => e);

    expect(error.message).toBe(
      `prometheus-fleet:edge:create failed unexpectedly (Error); the Backstage backend's log has the details of task ${ctx.task.id}.`,
    );
    expect(error.stack).toBe(`Error: ${error.message}`);
    expect(logger.error).toHaveBeenCalledWith(
      `prometheus-fleet:edge:create failed in task ${ctx.task.id}`,
      failure,
    );
  });

  it('reports every invalid field at once', async () => {
    const ctx = createMockActionContext({
      input: { ...minimalInput, name: 'bad name', tenant: 'bad tenant' },
      workspacePath,
    });

    await expect(action().handler(ctx)).rejects.toThrow(
      /Name "bad name" is not a valid entity name.*Tenant "bad tenant" is not a valid tenant id/,
    );
  });
});
