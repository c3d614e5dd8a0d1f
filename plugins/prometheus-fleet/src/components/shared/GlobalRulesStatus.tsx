import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  GlobalRulesState,
  GlobalRulesView,
} from 'backstage-plugin-prometheus-fleet-common';

/** What each state means to the team running the global, and what to do. */
export const GLOBAL_RULES_TEXT: Record<GlobalRulesState, string> = {
  running:
    'Runs the generated rules: its alerts work without Backstage, and its edges are read from the recorded series.',
  mismatch:
    'Runs generated rules of another version or other windows than this Backstage: deploy its current values. Its edges are read from the raw series meanwhile.',
  absent:
    'Does not run the generated rules, so their alerts are off: deploy its current values, or set prometheusFleet.rules.enabled: false if you run your own.',
};

/** Whether a global runs the generated rules, as the last poll that could tell saw it. */
export function GlobalRulesStatus(props: { rules?: GlobalRulesView }) {
  const { rules } = props;
  if (!rules) {
    return (
      <StatusPending>
        Alert rules: not known until a poll of its query endpoint answers.
      </StatusPending>
    );
  }
  const Status = rules.state === 'running' ? StatusOK : StatusWarning;
  return <Status>Alert rules: {GLOBAL_RULES_TEXT[rules.state]}</Status>;
}
