import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { serverMessage } from './errors';
import { PollState, formatWait } from './useBackoffPoll';

/** What a page that checks by itself is doing: checking, or when it checks next. */
export function PollNote(props: { poll: PollState<unknown> }) {
  const { checking, nextCheckInMs, error, checkNow } = props.poll;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="div"
      role="status"
    >
      {error && <>The last check failed: {serverMessage(error)}. </>}
      {checking || nextCheckInMs === undefined ? (
        'Checking again…'
      ) : (
        <>
          Checking again in {formatWait(nextCheckInMs)}.{' '}
          <Button size="small" color="primary" onClick={checkNow}>
            Check now
          </Button>
        </>
      )}
    </Typography>
  );
}
