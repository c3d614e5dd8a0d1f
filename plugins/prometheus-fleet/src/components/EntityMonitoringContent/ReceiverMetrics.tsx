import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import { ReceiverView } from 'backstage-plugin-prometheus-fleet-common';
import { formatCount, formatDuration } from '../shared/format';
import { LabeledValue } from '../shared/LabeledValue';

/**
 * What the global holds of the edge's scrapes, the receiving end of the
 * queue: grid items to sit beside the queue's figures.
 */
export function ReceiverMetrics(props: {
  receiver: ReceiverView;
  observedAt: string;
}) {
  const { receiver, observedAt } = props;
  // Its age when polled: the page may be read long after.
  const newestAge = receiver.newestSampleAt
    ? (Date.parse(observedAt) - Date.parse(receiver.newestSampleAt)) / 1000
    : null;
  return (
    <>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Targets at the global (up / down)">
          {formatCount(receiver.targetsUp)} /{' '}
          {formatCount(receiver.targetsDown)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Series per scrape">
          {formatCount(receiver.seriesPerScrape)}
        </LabeledValue>
      </Grid>
      <Grid item xs={6} md={3}>
        <LabeledValue label="Newest scrape (age when polled)">
          <Tooltip title={receiver.newestSampleAt ?? 'No scrape received'}>
            <span>{formatDuration(newestAge)}</span>
          </Tooltip>
        </LabeledValue>
      </Grid>
    </>
  );
}
