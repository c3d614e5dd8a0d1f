import { useTheme } from '@material-ui/core/styles';
import {
  HealthThresholds,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../shared/format';

const DAY_MS = 86_400_000;

export function LagHistoryChart(props: {
  history: QueueHealth[];
  from: Date;
  to: Date;
  thresholds: Pick<HealthThresholds, 'lagWarning' | 'lagCritical'>;
}) {
  const { history, from, to, thresholds } = props;
  const theme = useTheme();
  const points = useMemo(
    () =>
      history.map(health => ({
        time: Date.parse(health.observedAt),
        lag: health.lagSeconds,
      })),
    [history],
  );
  const spansDays = to.getTime() - from.getTime() > DAY_MS;
  const formatTime = (time: number) =>
    new Date(time).toLocaleString('en-US', {
      ...(spansDays ? { month: 'short', day: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    });

  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart
        data={points}
        margin={{ top: 16, right: 24, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={[from.getTime(), to.getTime()]}
          tickFormatter={formatTime}
        />
        <YAxis
          tickFormatter={(seconds: number) => formatDuration(seconds)}
          width={72}
        />
        <Tooltip
          labelFormatter={(time: number) => formatTime(time)}
          formatter={(seconds: number) => [formatDuration(seconds), 'Lag']}
        />
        <ReferenceLine
          y={thresholds.lagWarning}
          stroke={theme.palette.warning.main}
          strokeDasharray="6 4"
          ifOverflow="extendDomain"
          label={{
            value: `warning ${formatDuration(thresholds.lagWarning)}`,
            position: 'insideTopLeft',
          }}
        />
        <ReferenceLine
          y={thresholds.lagCritical}
          stroke={theme.palette.error.main}
          strokeDasharray="6 4"
          ifOverflow="extendDomain"
          label={{
            value: `critical ${formatDuration(thresholds.lagCritical)}`,
            position: 'insideTopLeft',
          }}
        />
        <Line
          type="monotone"
          dataKey="lag"
          name="Lag"
          stroke={theme.palette.primary.main}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
