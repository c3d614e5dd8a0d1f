import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';
import {
  EdgeNotificationState,
  nextNotificationState,
  NotificationRules,
} from './transitions';

const REF = 'resource:default/edge-eu-1';
const RULES: NotificationRules = {
  statuses: ['critical', 'silent'],
  minDurationMs: 60_000,
};

/** Feeds statuses, one cycle every 30 s, and lists the transitions due. */
function run(statuses: HealthStatus[], rules = RULES) {
  let state: EdgeNotificationState | undefined;
  const due: string[] = [];
  for (const [i, status] of statuses.entries()) {
    const next = nextNotificationState(state, REF, status, i * 30_000, rules);
    state = next.state;
    if (next.due) {
      due.push(`${i}: ${next.due.from} → ${next.due.to}`);
      // What a successful claim does.
      state = { ...state!, notified: next.due.to };
    }
  }
  return { due, state };
}

describe('nextNotificationState', () => {
  it('takes the first state seen as told: nothing notifies for an outage older than the notifier', () => {
    expect(run(['silent', 'silent', 'silent', 'silent']).due).toEqual([]);
  });

  it('notifies a new outage once it has lasted the minimum time, and its recovery likewise', () => {
    const { due } = run([
      'healthy',
      'critical', // t=30 s
      'critical',
      'critical', // 60 s in critical
      'critical',
      'healthy', // t=150 s
      'warning',
      'healthy', // 60 s out of critical: warning counts as ok
    ]);
    expect(due).toEqual(['3: ok → critical', '7: critical → ok']);
  });

  it('stays quiet while an edge flaps faster than the minimum time', () => {
    expect(
      run(['healthy', 'critical', 'healthy', 'critical', 'healthy']).due,
    ).toEqual([]);
  });

  it('tells a change from one notifying status to another', () => {
    const { due } = run([
      'healthy',
      'critical',
      'critical',
      'critical',
      'silent',
      'silent',
      'silent',
    ]);
    expect(due).toEqual(['3: ok → critical', '6: critical → silent']);
  });

  it('ignores unknown: it neither starts nor ends an outage', () => {
    const { due, state } = run([
      'healthy',
      'silent',
      'unknown',
      'silent',
      'silent',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(due).toEqual(['3: ok → silent']);
    expect(state).toMatchObject({ state: 'silent', notified: 'silent' });
  });

  it('tells when a new edge, pending since it joined, turns silent after its grace period', () => {
    expect(
      run(['pending', 'pending', 'silent', 'silent', 'silent']).due,
    ).toEqual(['4: ok → silent']);
  });

  it('notifies warning only when configured to', () => {
    const warning = [
      'healthy',
      'warning',
      'warning',
      'warning',
    ] as HealthStatus[];
    expect(run(warning).due).toEqual([]);
    expect(
      run(warning, { ...RULES, statuses: ['warning', 'critical'] }).due,
    ).toEqual(['3: ok → warning']);
  });
});
