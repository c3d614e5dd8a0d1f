import { useApi } from '@backstage/core-plugin-api';
import { ClusterHealthResponse } from 'backstage-plugin-prometheus-fleet-common';
import { useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import { prometheusFleetApiRef } from '../../api';
import { HEALTH_WINDOWS, HealthWindowKey } from './LagHistory';

/**
 * How often an open tab asks for the edge's health again, so that a state
 * the backend's poll records (an agent's first data, an outage) shows
 * without a reload.
 */
export const HEALTH_REFRESH_MS = 10_000;

export interface HealthOverWindow {
  windowKey: HealthWindowKey;
  from: Date;
  to: Date;
  health: ClusterHealthResponse;
}

/**
 * An edge's health over the chosen window, asked again every
 * HEALTH_REFRESH_MS while the page is visible. A refresh keeps showing the
 * last answer until the next one arrives: no spinner every ten seconds.
 */
export function useLiveHealth(
  cluster: { namespace: string; name: string },
  windowKey: HealthWindowKey,
) {
  const api = useApi(prometheusFleetApiRef);
  const [refreshes, setRefreshes] = useState(0);
  useInterval(() => {
    if (document.visibilityState === 'visible') setRefreshes(n => n + 1);
  }, HEALTH_REFRESH_MS);

  const { namespace, name } = cluster;
  const { value, loading, error } = useAsync(async () => {
    const to = new Date();
    const from = new Date(
      to.getTime() - HEALTH_WINDOWS[windowKey].seconds * 1000,
    );
    const health = await api.getHealth({ namespace, name }, { from, to });
    return { windowKey, from, to, health };
  }, [api, namespace, name, windowKey, refreshes]);

  const lastAnswer = useRef<HealthOverWindow>();
  if (value) lastAnswer.current = value;
  const shown =
    lastAnswer.current?.windowKey === windowKey
      ? lastAnswer.current
      : undefined;
  return {
    value: shown,
    loading: loading && !shown,
    error: shown && !error ? undefined : error,
  };
}
