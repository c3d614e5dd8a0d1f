import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

export function LabeledValue(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </div>
  );
}
