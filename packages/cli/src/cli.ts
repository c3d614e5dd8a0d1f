import { DEFAULT_CHART_VERSION } from 'backstage-plugin-prometheus-fleet-common';
import { Command, CommanderError, Option } from 'commander';
import { lintCommand } from './commands/lint';
import { valuesCommand } from './commands/values';
import { CommandIo, ExitCode, InputError } from './io';
import { version } from '../package.json';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function createProgram(
  io: CommandIo,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command('prometheus-fleet')
    .description(
      'Generate kube-prometheus-stack values for a Prometheus fleet from Backstage catalog files.',
    )
    .version(version)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  const catalogOption = () =>
    new Option(
      '--catalog <path>',
      'catalog YAML file, or directory searched recursively for *.yaml and *.yml',
    ).makeOptionMandatory();
  const configOption = () =>
    new Option(
      '--config <file>',
      'app-config file for prometheusFleet settings (repeatable; later files override earlier ones)',
    )
      .argParser(collect)
      .default([]);

  program
    .command('values')
    .description(
      "Print a cluster's kube-prometheus-stack values, as the backend serves them",
    )
    .addOption(catalogOption())
    .requiredOption(
      '--cluster <cluster>',
      'cluster name, namespace/name or entity ref',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['yaml', 'json'])
        .default('yaml'),
    )
    .option(
      '--chart-version <version>',
      `kube-prometheus-stack version (default: from config, else ${DEFAULT_CHART_VERSION})`,
    )
    .option(
      '--out <file>',
      'write the values to this file atomically instead of stdout',
    )
    .addOption(configOption())
    .action(async options => setExitCode(await valuesCommand(options, io)));

  program
    .command('lint')
    .description(
      'Print every fleet problem in the catalog; exit 1 on any error',
    )
    .addOption(catalogOption())
    .addOption(configOption())
    .action(async options => setExitCode(await lintCommand(options, io)));

  return program;
}

/**
 * Runs the CLI on `args` (without the node and script paths) and resolves to
 * the process exit code: 0 done, 1 problems found, 2 unusable input.
 */
export async function runCli(args: string[], io: CommandIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = createProgram(io, code => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${error.message}\n`);
      return ExitCode.usage;
    }
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  return exitCode;
}
