import { makeStyles } from '@material-ui/core/styles';

/**
 * For ListItemText whose sentences must wrap: Backstage's theme keeps list
 * item text on one line and clips the rest, which cuts off a reason or its
 * fix at the card's edge.
 */
export const useWrappingListText = makeStyles({
  text: { whiteSpace: 'normal' },
});
