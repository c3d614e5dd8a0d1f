/** Where a command writes: injected so tests can capture what a user would see. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Exit codes: `problems` when the catalog has errors (lint) or the cluster
 * cannot get values; `usage` when the input itself is unusable (bad flag,
 * unreadable or malformed file, unknown cluster).
 */
export const ExitCode = {
  ok: 0,
  problems: 1,
  usage: 2,
} as const;

/** Input the user has to fix before anything can run; its message is all they see. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
