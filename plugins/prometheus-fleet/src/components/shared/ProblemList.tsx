import { StatusError, StatusWarning } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ClusterProblem,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { PROBLEM_FIXES } from './problemFixes';
import { useWrappingListText } from './wrappingListText';

const useStyles = makeStyles({
  problem: { display: 'flex', alignItems: 'baseline' },
  // A message quoting a URL or a long label has no space to break at.
  message: { minWidth: 0, overflowWrap: 'anywhere' },
});

/** Problems as sentences, each followed by how to fix it. */
export function ProblemList(props: {
  problems: ReadonlyArray<
    (ClusterProblem | ObservedProblem) & { ref?: string }
  >;
}) {
  const classes = useStyles();
  const listText = useWrappingListText();
  return (
    <List dense disablePadding>
      {props.problems.map((problem, index) => {
        const Icon = problem.severity === 'error' ? StatusError : StatusWarning;
        return (
          <ListItem
            key={`${problem.ref ?? ''}-${problem.code}-${index}`}
            disableGutters
          >
            <ListItemText
              className={listText.text}
              disableTypography
              primary={
                <span className={classes.problem}>
                  <Icon />
                  <span className={classes.message}>
                    {problem.ref && (
                      <>
                        <EntityRefLink entityRef={problem.ref} />{' '}
                      </>
                    )}
                    {problem.message}
                  </span>
                </span>
              }
              secondary={<FixHint text={PROBLEM_FIXES[problem.code]} />}
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/** How to fix something, under its sentence. */
export function FixHint(props: { text: string | undefined }) {
  if (!props.text) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      How to fix: {props.text}
    </Typography>
  );
}
