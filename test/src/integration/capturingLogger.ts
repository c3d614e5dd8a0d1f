import { RootLoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: JsonObject;
}

/** A root logger that keeps every line, so tests can count what was logged. */
export class CapturingLogger implements RootLoggerService {
  readonly lines: LogLine[];
  readonly #meta: JsonObject;

  constructor(lines: LogLine[] = [], meta: JsonObject = {}) {
    this.lines = lines;
    this.#meta = meta;
  }

  error(message: string, meta?: Error | JsonObject) {
    this.#log('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#log('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#log('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#log('debug', message, meta);
  }
  child(meta: JsonObject): CapturingLogger {
    return new CapturingLogger(this.lines, { ...this.#meta, ...meta });
  }

  /** Lines of one plugin, e.g. `prometheus-fleet`. */
  ofPlugin(pluginId: string): LogLine[] {
    return this.lines.filter(line => line.meta.plugin === pluginId);
  }

  #log(level: LogLine['level'], message: string, meta?: Error | JsonObject) {
    const extra = meta instanceof Error ? { error: String(meta) } : meta;
    this.lines.push({ level, message, meta: { ...this.#meta, ...extra } });
  }
}
