import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Every commit is authored by the scaffolder, whoever ran the template. */
const GIT_AUTHOR = {
  name: 'Prometheus Fleet scaffolder',
  email: 'scaffolder@prometheus-fleet.invalid',
};

async function git(repository: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      'git',
      // A user's global config may demand signed commits, which would prompt.
      ['-c', 'commit.gpgsign=false', ...args],
      {
        cwd: repository,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: GIT_AUTHOR.name,
          GIT_AUTHOR_EMAIL: GIT_AUTHOR.email,
          GIT_COMMITTER_NAME: GIT_AUTHOR.name,
          GIT_COMMITTER_EMAIL: GIT_AUTHOR.email,
          GIT_TERMINAL_PROMPT: '0',
        },
      },
    );
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `git ${args[0]} failed in ${repository}: ${stderr || error}`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Makes `repository` a git repository of its own. It checks for its own
 * `.git` rather than asking git, which would happily find an enclosing
 * repository (the Backstage checkout itself) and commit into that.
 */
export async function ensureRepository(repository: string): Promise<void> {
  await fs.mkdir(repository, { recursive: true });
  if (!(await exists(path.join(repository, '.git')))) {
    await git(repository, ['init', '--quiet', '--initial-branch=main']);
  }
}

/**
 * Copies `source` into the new `directory` of the repository and commits that
 * directory alone, leaving anything else that may be staged out of the
 * commit. On failure the directory is gone again. Returns the commit id.
 */
export async function commitCopy(
  repository: string,
  source: string,
  directory: string,
  message: string,
): Promise<string> {
  const target = path.join(repository, directory);
  await fs.cp(source, target, {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter: file => path.basename(file) !== '.git',
  });
  try {
    await git(repository, ['add', '--', directory]);
    await git(repository, [
      'commit',
      '--quiet',
      '--no-verify',
      '--message',
      message,
      '--',
      directory,
    ]);
  } catch (error) {
    await git(repository, [
      'rm',
      '-r',
      '--cached',
      '--quiet',
      '--ignore-unmatch',
      '--',
      directory,
    ]);
    await fs.rm(target, { recursive: true, force: true });
    throw error;
  }
  return git(repository, ['rev-parse', 'HEAD']);
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs the tasks on one repository one after the other, whichever action
 * instance starts them: two tasks committing at once would trip over git's
 * index lock.
 */
export function inRepositoryQueue<T>(
  repository: string,
  task: () => Promise<T>,
): Promise<T> {
  const result = (queues.get(repository) ?? Promise.resolve()).then(task);
  queues.set(
    repository,
    result.catch(() => undefined),
  );
  return result;
}
