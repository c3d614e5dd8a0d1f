import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_MAX_SHARDS,
  QueueHealth,
  suggestedMaxShards,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  formatCount,
  formatDuration,
  formatRate,
  formatTimeAgo,
} from '../shared/format';
import { LabeledValue } from '../shared/LabeledValue';
import { ReceiverMetrics } from './ReceiverMetrics';

export function QueueMetrics(props: { health: QueueHealth }) {
  const { health } = props;
  const { shards } = health;
  const suggestion = suggestedMaxShards(shards);
  return (
    <Grid container spacing={2}>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Lag">
          {formatDuration(health.lagSeconds)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Shards (current / desired / max)">
          {formatCount(shards.current)} / {formatCount(shards.desired)} /{' '}
          {formatCount(shards.max)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Pending samples">
          {formatCount(health.pendingSamples)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Last seen">
          <Tooltip title={health.lastSeen ?? 'No sample received'}>
            <span>{formatTimeAgo(health.lastSeen)}</span>
          </Tooltip>
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Failed">
          {formatRate(health.failedRate)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Retried">
          {formatRate(health.retriedRate)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Dropped">
          {formatRate(health.droppedRate)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Observed">
          {formatTimeAgo(health.observedAt)}
        </LabeledValue>
      </Grid>
      {health.receiver && (
        <ReceiverMetrics
          receiver={health.receiver}
          observedAt={health.observedAt}
        />
      )}
      {suggestion !== undefined && (
        <Grid item xs={12}>
          <Typography variant="body2">
            Prometheus wants {formatCount(shards.desired)} shards but may run
            only {formatCount(shards.max)}, so the queue falls behind. Set{' '}
            <code>
              {ANNOTATION_MAX_SHARDS}: "{suggestion}"
            </code>{' '}
            on this entity (suggested maxShards: {suggestion}) and apply the
            regenerated values.
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}
