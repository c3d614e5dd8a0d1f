import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ClusterHealthResponse,
  ClusterView,
  DEFAULT_THRESHOLDS,
  GeneratedValues,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusFleetApi } from '../api';

export const GLOBAL_REF = 'resource:default/global-eu';
export const EDGE_REF = 'resource:default/edge-eu-1';

export function clusterEntity(name: string, role: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'prometheus-fleet.io/role': role },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

export function queueHealth(overrides: Partial<QueueHealth> = {}): QueueHealth {
  return {
    status: 'healthy',
    reasons: [],
    lagSeconds: 4,
    shards: { current: 2, desired: 2, max: 10 },
    pendingSamples: 120,
    failedRate: 0,
    retriedRate: 0,
    droppedRate: 0,
    lastSeen: new Date(Date.now() - 30_000).toISOString(),
    observedAt: new Date(Date.now() - 10_000).toISOString(),
    ...overrides,
  };
}

export function edgeCluster(overrides: Partial<ClusterView> = {}): ClusterView {
  return {
    ref: EDGE_REF,
    namespace: 'default',
    name: 'edge-eu-1',
    role: 'edge',
    global: GLOBAL_REF,
    clusterLabel: 'edge-eu-1',
    owner: 'group:default/platform',
    problems: [],
    health: queueHealth(),
    ...overrides,
  };
}

export function globalCluster(
  overrides: Partial<ClusterView> = {},
): ClusterView {
  return {
    ref: GLOBAL_REF,
    namespace: 'default',
    name: 'global-eu',
    role: 'global',
    clusterLabel: 'global-eu',
    owner: 'group:default/observability',
    problems: [],
    ...overrides,
  };
}

export function generatedValues(
  overrides: Partial<GeneratedValues> = {},
): GeneratedValues {
  return {
    ref: EDGE_REF,
    role: 'edge',
    clusterLabel: 'edge-eu-1',
    chartVersion: '88.5.3',
    values: { prometheus: { agentMode: true } },
    yaml: '# Edge edge-eu-1\nprometheus:\n  agentMode: true\n',
    fileName: 'values-edge-eu-1.yaml',
    helmCommand:
      'helm upgrade --install kube-prometheus-stack prometheus-community/kube-prometheus-stack --version 88.5.3 --namespace monitoring --create-namespace --values values-edge-eu-1.yaml',
    ...overrides,
  };
}

/** A health response as the backend sends it, thresholds at their defaults. */
export function healthResponse(
  overrides: Partial<ClusterHealthResponse> = {},
): ClusterHealthResponse {
  const history = overrides.history ?? [];
  return {
    history,
    from: '2026-01-10T11:00:00.000Z',
    to: '2026-01-10T12:00:00.000Z',
    thresholds: DEFAULT_THRESHOLDS,
    totalPoints: history.length,
    downsampled: false,
    ...overrides,
  };
}

export function mockFleetApi(): jest.Mocked<PrometheusFleetApi> {
  return {
    listClusters: jest.fn().mockResolvedValue([]),
    getCluster: jest.fn(),
    getValues: jest.fn().mockResolvedValue(generatedValues()),
    getHealth: jest.fn().mockResolvedValue(healthResponse()),
    listProblems: jest.fn().mockResolvedValue([]),
    checkAvailability: jest.fn().mockResolvedValue({}),
  };
}

/** The error the client throws for a failed response, built the same way. */
export function responseError(
  status: number,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: status === 409 ? 'ConflictError' : 'NotFoundError',
          message,
        },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
