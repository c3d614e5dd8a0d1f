/**
 * Prints a figure of the run on its own line, `[reliability] area: text`, so
 * that docs/RELIABILITY.md can be refreshed from the output of
 * `yarn test:reliability` (grep for `[reliability]`).
 */
export function printFigure(area: string, text: string): void {
  process.stdout.write(`[reliability] ${area}: ${text}\n`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
