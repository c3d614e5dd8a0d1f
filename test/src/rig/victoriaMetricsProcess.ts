import { VICTORIA_METRICS_BIN } from './binaries';
import { ServerProcess, ServerProcessOptions } from './serverProcess';

export interface VictoriaMetricsProcessOptions extends ServerProcessOptions {
  /** Flags besides the listen address and the storage path. */
  flags?: string[];
}

/**
 * One real VictoriaMetrics single-node on 127.0.0.1, stoppable and
 * restartable on the same port and data. It receives Prometheus remote write
 * at `/api/v1/write` and answers the Prometheus query API at its root.
 */
export class VictoriaMetricsProcess extends ServerProcess {
  readonly #flags: string[];

  constructor(options: VictoriaMetricsProcessOptions) {
    super(options, {
      binary: VICTORIA_METRICS_BIN,
      logFileName: 'victoria-metrics.log',
      readyPath: '/health',
    });
    this.#flags = options.flags ?? [];
  }

  protected args(): string[] {
    return [
      `-httpListenAddr=127.0.0.1:${this.port}`,
      `-storageDataPath=${this.dataDir}`,
      ...this.#flags,
    ];
  }
}
