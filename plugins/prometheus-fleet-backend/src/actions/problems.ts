import {
  FleetProblem,
  ObservedProblem,
  ObservedProblemCode,
} from 'backstage-plugin-prometheus-fleet-common';

/** Fails to compile when an observed problem code is missing. */
const OBSERVED_PROBLEM_CODES: Record<ObservedProblemCode, true> = {
  'remote-write-drift': true,
  'orphan-cluster': true,
  'misrouted-edge': true,
  'tenant-mismatch': true,
};

/** A problem as the actions return it: where it comes from, said outright. */
export function toProblemOutput(problem: FleetProblem | ObservedProblem) {
  return {
    ref: problem.ref,
    code: problem.code,
    message: problem.message,
    severity: problem.severity,
    source: Object.hasOwn(OBSERVED_PROBLEM_CODES, problem.code)
      ? ('observed' as const)
      : ('catalog' as const),
  };
}

/** Errors, which block values, before warnings; otherwise as listed. */
export function errorsFirst<T extends { severity: 'error' | 'warning' }>(
  problems: readonly T[],
): T[] {
  return [
    ...problems.filter(p => p.severity === 'error'),
    ...problems.filter(p => p.severity !== 'error'),
  ];
}
