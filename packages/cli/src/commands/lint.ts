import { plural, resolveFleet } from 'backstage-plugin-prometheus-fleet-common';
import { CommandIo, ExitCode } from '../io';
import { loadCatalog, SourceLocation } from '../loadCatalog';
import { loadFleetConfig } from '../loadConfig';
import { formatProblem, ReportedProblem } from '../problems';

export interface LintCommandOptions {
  /** A catalog YAML file or a directory of them. */
  catalog: string;
  /** app-config files, later ones overriding earlier ones. */
  config?: string[];
}

function compareLocations(a?: SourceLocation, b?: SourceLocation): number {
  if (!a || !b) return Number(!a) - Number(!b);
  return a.file.localeCompare(b.file) || a.line - b.line;
}

/**
 * Prints every problem of the catalog's fleet in file order, then a summary.
 * Exits with 1 when any problem is an error, so a pipeline can gate on it;
 * warnings are shown but do not fail.
 */
export async function lintCommand(
  options: LintCommandOptions,
  io: CommandIo,
): Promise<number> {
  const catalog = await loadCatalog(options.catalog);
  const config = await loadFleetConfig(options.config ?? []);
  const fleet = resolveFleet(catalog.entities, {
    queryEndpoints: config.queryEndpoints,
    queryEndpointEngines: config.values.queryEndpointEngines,
    queueConfig: config.values.queueConfig,
  });

  const problems: ReportedProblem[] = [
    ...catalog.invalid.map(invalid => ({
      ...invalid,
      severity: 'error' as const,
    })),
    ...fleet.problems.map(problem => ({
      ...problem,
      location: catalog.locations.get(problem.ref),
    })),
  ].sort((a, b) => compareLocations(a.location, b.location));
  for (const problem of problems) {
    io.stdout(`${formatProblem(problem)}\n`);
  }

  const errors = problems.filter(
    problem => problem.severity === 'error',
  ).length;
  const warnings = problems.length - errors;
  const globals = fleet.clusters.filter(
    cluster => cluster.role === 'global',
  ).length;
  const edges = fleet.clusters.length - globals;
  const rejected = fleet.rejected.length
    ? `, ${fleet.rejected.length} rejected`
    : '';
  const outcome = problems.length
    ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`
    : 'No problems.';
  io.stdout(
    `Fleet: ${plural(globals, 'global')}, ${plural(
      edges,
      'edge',
    )}${rejected}. ${outcome}\n`,
  );
  return errors ? ExitCode.problems : ExitCode.ok;
}
