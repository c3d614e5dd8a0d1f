import {
  FleetLookup,
  fleetLookup,
  GeneratedValues,
  generateValues,
  helmCommand,
  isChartVersion,
  resolveFleet,
  ValuesNotAvailableError,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { findCluster, FleetMember } from '../findCluster';
import { CommandIo, ExitCode, InputError } from '../io';
import { Catalog, loadCatalog } from '../loadCatalog';
import { loadFleetConfig } from '../loadConfig';
import { formatProblem } from '../problems';
import { writeFileAtomic } from '../writeFileAtomic';

export interface ValuesCommandOptions {
  /** A catalog YAML file or a directory of them. */
  catalog: string;
  /** Bare name, `namespace/name` or entity ref. */
  cluster: string;
  format?: 'yaml' | 'json';
  /** Overrides `prometheusFleet.chart.version`. */
  chartVersion?: string;
  /** Written atomically instead of printing to stdout. */
  out?: string;
  /** app-config files, later ones overriding earlier ones. */
  config?: string[];
}

/** Paths go into the printed helm command, so quote what a shell would split. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value)
    ? value
    : `'${value.replace(/'/g, `'\\''`)}'`;
}

function problemLines(member: FleetMember, catalog: Catalog): string {
  const location = catalog.locations.get(member.ref);
  return member.problems
    .map(
      problem =>
        `${formatProblem({ ...problem, ref: member.ref, location })}\n`,
    )
    .join('');
}

function generate(
  member: FleetMember,
  lookup: FleetLookup,
  options: ValuesOptions,
): GeneratedValues | undefined {
  if (!('role' in member)) return undefined;
  try {
    return generateValues(member, lookup, options);
  } catch (error) {
    if (error instanceof ValuesNotAvailableError) return undefined;
    throw error;
  }
}

/**
 * Prints (or writes) a cluster's kube-prometheus-stack values, exactly as the
 * backend serves them for the same catalog and config. Diagnostics and the
 * helm command go to stderr so stdout can be piped into a file or `helm`.
 */
export async function valuesCommand(
  options: ValuesCommandOptions,
  io: CommandIo,
): Promise<number> {
  const format = options.format ?? 'yaml';
  if (
    options.chartVersion !== undefined &&
    !isChartVersion(options.chartVersion)
  ) {
    throw new InputError(
      `--chart-version "${options.chartVersion}" is not an exact chart version such as 88.5.3.`,
    );
  }
  const catalog = await loadCatalog(options.catalog);
  const config = await loadFleetConfig(options.config ?? []);
  const valuesOptions = {
    ...config.values,
    ...(options.chartVersion ? { chartVersion: options.chartVersion } : {}),
  };

  for (const invalid of catalog.invalid) {
    io.stderr(`${formatProblem({ ...invalid, severity: 'error' })}\n`);
  }
  const fleet = resolveFleet(catalog.entities, {
    queryEndpoints: config.queryEndpoints,
    queryEndpointEngines: valuesOptions.queryEndpointEngines,
    queueConfig: valuesOptions.queueConfig,
  });
  const member = findCluster(fleet, options.cluster, [
    ...catalog.locations.keys(),
  ]);
  const generated = generate(member, fleetLookup(fleet), valuesOptions);
  if (!generated) {
    io.stderr(
      `Cannot generate values for ${member.ref}:\n${problemLines(
        member,
        catalog,
      )}`,
    );
    return ExitCode.problems;
  }
  // Problems left here do not block values (warnings, an unconfigured query endpoint) but need fixing.
  io.stderr(problemLines(member, catalog));

  const content =
    format === 'json'
      ? `${JSON.stringify(generated, null, 2)}\n`
      : generated.yaml;
  if (options.out) {
    try {
      await writeFileAtomic(options.out, content);
    } catch (error) {
      throw new InputError(
        `Cannot write ${options.out}: ${(error as Error).message}`,
      );
    }
    io.stderr(`Wrote values for ${generated.ref} to ${options.out}\n`);
  } else {
    io.stdout(content);
  }
  if (format === 'yaml') {
    const command = options.out
      ? helmCommand(shellQuote(options.out), valuesOptions)
      : generated.helmCommand;
    io.stderr(`${command}\n`);
  }
  return ExitCode.ok;
}
