import { ClusterProblem } from 'backstage-plugin-prometheus-fleet-common';
import { SourceLocation } from './loadCatalog';

/** A problem as the CLI reports it: the fleet's own, or the loader's. */
export interface ReportedProblem {
  code: string;
  severity: ClusterProblem['severity'];
  message: string;
  ref?: string;
  location?: SourceLocation;
}

/** One line per problem, `file:line:` first so editors and CI logs can link to it. */
export function formatProblem(problem: ReportedProblem): string {
  const where = problem.location
    ? `${problem.location.file}:${problem.location.line}: `
    : '';
  const ref = problem.ref ? `${problem.ref}: ` : '';
  return `${where}${problem.severity} [${problem.code}] ${ref}${problem.message}`;
}
