import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { ClusterHealthResponse } from 'backstage-plugin-prometheus-fleet-common';
import { hasStatus } from '../shared/errors';
import { LagHistoryChart } from './LagHistoryChart';

export const HEALTH_WINDOWS = {
  '1h': { label: '1 h', description: 'the last hour', seconds: 3_600 },
  '24h': { label: '24 h', description: 'the last 24 hours', seconds: 86_400 },
  '7d': { label: '7 d', description: 'the last 7 days', seconds: 604_800 },
};

export type HealthWindowKey = keyof typeof HEALTH_WINDOWS;

export function LagHistory(props: {
  windowKey: HealthWindowKey;
  onWindowChange: (key: HealthWindowKey) => void;
  loading: boolean;
  error: Error | undefined;
  result: { from: Date; to: Date; health: ClusterHealthResponse } | undefined;
}) {
  const { windowKey, onWindowChange } = props;
  return (
    <>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          Lag history
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={windowKey}
          aria-label="History window"
          onChange={(_event, key: HealthWindowKey | null) =>
            key && onWindowChange(key)
          }
        >
          {Object.entries(HEALTH_WINDOWS).map(([key, { label }]) => (
            <ToggleButton key={key} value={key} aria-label={label}>
              {label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </Box>
      <LagHistoryBody {...props} />
    </>
  );
}

function LagHistoryBody(props: Parameters<typeof LagHistory>[0]) {
  const { loading, error, result } = props;
  if (loading) {
    return <Progress />;
  }
  if (hasStatus(error, 404)) {
    return (
      <Typography variant="body2" color="textSecondary">
        The backend keeps no health history for this cluster yet. History starts
        with the first poll of its global.
      </Typography>
    );
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!result?.health.history.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No samples in {HEALTH_WINDOWS[props.windowKey].description}.
      </Typography>
    );
  }
  return (
    <LagHistoryChart
      history={result.health.history}
      from={result.from}
      to={result.to}
      thresholds={result.health.thresholds}
    />
  );
}
