import { EmptyState, InfoCard, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_QUERY_ENDPOINT,
  ClusterView,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { useState } from 'react';
import { GlobalRef } from '../shared/GlobalRef';
import { HealthStatusLabel, hasReason } from '../shared/health';
import { HealthReasonList } from '../shared/HealthReasonList';
import { HealthWindowKey, LagHistory } from './LagHistory';
import { QueueMetrics } from './QueueMetrics';
import { useLiveHealth } from './useLiveHealth';

/** Remote-write queue health of an edge, as its global sees it. */
export function QueueHealthCard(props: { cluster: ClusterView }) {
  const { cluster } = props;
  const [windowKey, setWindowKey] = useState<HealthWindowKey>('1h');
  const { value, loading, error } = useLiveHealth(cluster, windowKey);
  const latest = value?.health.latest ?? cluster.health;

  return (
    <InfoCard title="Remote-write queue health">
      {latest && <LatestHealth cluster={cluster} health={latest} />}
      {!latest && !loading && (
        <EmptyState
          missing="data"
          title="No queue health yet"
          description="The backend polls every global's Prometheus for its edges' queues. Health shows here after the first poll that sees this edge; if it does not, fix the problems above and check that the edge's Prometheus agent is running."
        />
      )}
      <Box mt={3}>
        <LagHistory
          windowKey={windowKey}
          onWindowChange={setWindowKey}
          loading={loading}
          error={error}
          result={value}
        />
      </Box>
    </InfoCard>
  );
}

function LatestHealth(props: { cluster: ClusterView; health: QueueHealth }) {
  const { cluster, health } = props;
  return (
    <>
      <Typography variant="h6" component="div">
        <HealthStatusLabel status={health.status} />
      </Typography>
      {health.reasons.length > 0 && (
        <HealthReasonList reasons={health.reasons} />
      )}
      <StatusAdvice cluster={cluster} health={health} />
      <QueueMetrics health={health} />
    </>
  );
}

/** What an operator does next, for the states that need more than a number. */
function StatusAdvice(props: { cluster: ClusterView; health: QueueHealth }) {
  const { cluster, health } = props;
  if (
    health.status === 'unknown' &&
    hasReason(health, 'global-not-configured')
  ) {
    return (
      <WarningPanel
        severity="info"
        title="The global is not configured for polling"
        defaultExpanded
      >
        <Typography variant="body2">
          {cluster.global ? (
            <>
              The backend reads this edge's queue from{' '}
              <GlobalRef
                entityRef={cluster.global}
                readable={cluster.globalReadable}
              />
              , which names no query endpoint it may poll. Set{' '}
              {ANNOTATION_QUERY_ENDPOINT} on that global to the name of an
              endpoint listed under prometheusFleet.queryEndpoints in
              app-config.
            </>
          ) : (
            <>
              The backend reads an edge's queue from the global it writes to,
              and this edge has none yet: fix the problems above.
            </>
          )}
        </Typography>
      </WarningPanel>
    );
  }
  if (health.status === 'unknown' && hasReason(health, 'global-unreachable')) {
    return (
      <WarningPanel
        severity="info"
        title="Queue health is unknown"
        defaultExpanded
      >
        <Typography variant="body2">
          The backend could not query the global of this edge. Check that the
          query endpoint configured for it in app-config is reachable from
          Backstage; the next poll retries.
        </Typography>
      </WarningPanel>
    );
  }
  if (health.status === 'pending') {
    return (
      <WarningPanel
        severity="info"
        title="Awaiting this edge's first data"
        defaultExpanded
      >
        <Typography variant="body2">
          Nothing from this edge has reached its global yet: its Prometheus
          agent is not installed, or has only just started. Install it with the
          values and the helm commands under Onboarding values below, with
          kubectl pointing at this cluster. Its health shows here once its first
          samples arrive; if none do within the onboarding grace period, it
          reads silent, and its global alerts.
        </Typography>
      </WarningPanel>
    );
  }
  if (health.status === 'silent') {
    return (
      <WarningPanel
        severity="error"
        title="The global receives nothing from this edge"
        defaultExpanded
      >
        <Typography variant="body2">
          The edge's own metrics travel through the queue they describe, so a
          stuck queue or a stopped agent looks like silence. Check the
          Prometheus agent pod on this cluster and its logs for remote-write
          errors, and that it can reach the global's remote-write URL.
        </Typography>
      </WarningPanel>
    );
  }
  return null;
}
