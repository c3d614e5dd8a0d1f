import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { HealthReason } from 'backstage-plugin-prometheus-fleet-common';
import { HEALTH_REASON_FIXES } from './healthReasonFixes';
import { FixHint } from './ProblemList';
import { useWrappingListText } from './wrappingListText';

/**
 * The reasons of a queue health, each followed by how to fix it; a fix that
 * several reasons share (one per queue, or per failed query) shows once.
 */
export function HealthReasonList(props: { reasons: readonly HealthReason[] }) {
  const { reasons } = props;
  const classes = useWrappingListText();
  return (
    <List dense disablePadding aria-label="Reasons">
      {reasons.map((reason, index) => {
        const firstOfItsCode =
          reasons.findIndex(other => other.code === reason.code) === index;
        return (
          <ListItem key={`${reason.code}-${index}`} disableGutters>
            <ListItemText
              className={classes.text}
              disableTypography
              primary={
                <Typography variant="body2">{reason.message}</Typography>
              }
              secondary={
                firstOfItsCode && (
                  <FixHint text={HEALTH_REASON_FIXES[reason.code]} />
                )
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
