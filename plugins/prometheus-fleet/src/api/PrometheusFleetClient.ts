import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterHealthResponse,
  ClusterKey,
  ClusterListResponse,
  ClusterView,
  EdgeNamesAvailability,
  EdgeNamesRequest,
  FleetProblem,
  FleetProblemListResponse,
  GeneratedValues,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { HealthWindow, PrometheusFleetApi } from './PrometheusFleetApi';

/**
 * Calls the backend through the fetch API, so the user's Backstage
 * credentials go with every request.
 *
 * @public
 */
export class PrometheusFleetClient implements PrometheusFleetApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listClusters(): Promise<ClusterView[]> {
    const body = await this.get<ClusterListResponse>('/clusters');
    return body.items;
  }

  getCluster(cluster: ClusterKey): Promise<ClusterView> {
    return this.get<ClusterView>(clusterPath(cluster));
  }

  getValues(cluster: ClusterKey): Promise<GeneratedValues> {
    return this.get<GeneratedValues>(`${clusterPath(cluster)}/values`, {
      format: 'json',
    });
  }

  getHealth(
    cluster: ClusterKey,
    window: HealthWindow,
  ): Promise<ClusterHealthResponse> {
    return this.get<ClusterHealthResponse>(`${clusterPath(cluster)}/health`, {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    });
  }

  async listProblems(): Promise<Array<FleetProblem | ObservedProblem>> {
    const body = await this.get<FleetProblemListResponse>('/problems');
    return body.items;
  }

  checkAvailability(request: EdgeNamesRequest): Promise<EdgeNamesAvailability> {
    const query = Object.fromEntries(
      Object.entries(request).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return this.get<EdgeNamesAvailability>('/availability', query);
  }

  private async get<T>(
    path: string,
    query?: Record<string, string>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('prometheus-fleet');
    const search = query ? `?${new URLSearchParams(query)}` : '';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}${search}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function clusterPath({ namespace, name }: ClusterKey): string {
  return `/clusters/${encodeURIComponent(namespace)}/${encodeURIComponent(
    name,
  )}`;
}
