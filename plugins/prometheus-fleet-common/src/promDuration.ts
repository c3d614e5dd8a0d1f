/**
 * Seconds as a Prometheus duration in the largest unit that divides them
 * (`15m`, `90s`), as people write PromQL and rules; at least one second,
 * since `for:` and range selectors take whole seconds here.
 */
export function promDuration(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}
