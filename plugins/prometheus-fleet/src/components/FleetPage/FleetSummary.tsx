import Card from '@material-ui/core/Card';
import CardActionArea from '@material-ui/core/CardActionArea';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  HEALTH_STATUSES_WORST_FIRST,
  HealthStatus,
} from 'backstage-plugin-prometheus-fleet-common';
import { useMemo } from 'react';
import { HealthStatusLabel, healthStatusInText } from '../shared/health';
import { GLOBAL_RULES_TEXT } from '../shared/GlobalRulesStatus';
import { ClusterRow } from './clusterRows';

/**
 * Counts of edges per status, those awaiting their first data apart from the
 * silent ones; a click filters the table to that status.
 */
export function FleetSummary(props: {
  rows: readonly ClusterRow[];
  onSelectStatus: (status: HealthStatus) => void;
}) {
  const { rows, onSelectStatus } = props;
  const counts = useMemo(() => {
    const byStatus = new Map<HealthStatus, number>();
    for (const row of rows) {
      if (row.status) {
        byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
      }
    }
    return byStatus;
  }, [rows]);
  const globalRows = useMemo(
    () => rows.filter(row => row.role === 'global'),
    [rows],
  );
  const globals = globalRows.length;
  const withoutRules = globalRows.filter(
    row => row.rules === 'absent' || row.rules === 'mismatch',
  );
  const withRules = globalRows.filter(row => row.rules === 'running').length;

  return (
    <Grid container spacing={2}>
      <Grid item xs={6} sm={4} md={2}>
        <Card>
          <CardContent>
            <Typography variant="h4" component="div">
              {rows.length - globals}
            </Typography>
            <Typography variant="body2">
              edges, {globals} {globals === 1 ? 'global' : 'globals'}
            </Typography>
          </CardContent>
        </Card>
      </Grid>
      {globals > 0 && (
        <Grid item xs={6} sm={4} md={2}>
          <Card>
            <CardContent>
              <Typography variant="h4" component="div">
                {withRules}/{globals}
              </Typography>
              <Typography variant="body2">
                {globals === 1 ? 'global runs' : 'globals run'} the alert rules
              </Typography>
              {withoutRules.map(row => (
                <Typography
                  key={row.ref}
                  variant="caption"
                  component="div"
                  title={GLOBAL_RULES_TEXT[row.rules!]}
                >
                  {row.displayName}:{' '}
                  {row.rules === 'absent' ? 'no rules' : 'other version'}
                </Typography>
              ))}
            </CardContent>
          </Card>
        </Grid>
      )}
      {HEALTH_STATUSES_WORST_FIRST.map(status => (
        <Grid item xs={6} sm={4} md={2} key={status}>
          <Card>
            <CardActionArea
              onClick={() => onSelectStatus(status)}
              aria-label={
                status === 'pending'
                  ? `Show clusters ${healthStatusInText(status)}`
                  : `Show ${status} clusters`
              }
            >
              <CardContent>
                <Typography variant="h4" component="div">
                  {counts.get(status) ?? 0}
                </Typography>
                <HealthStatusLabel status={status} />
              </CardContent>
            </CardActionArea>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
