import path from 'node:path';
import { PROMETHEUS_BIN } from './binaries';
import { ServerProcess, ServerProcessOptions } from './serverProcess';

export interface PrometheusProcessOptions extends ServerProcessOptions {
  /** Holds prometheus.yml, beside the data and the log. */
  dir: string;
  agentMode: boolean;
  /** Flags from renderPrometheusConfig. */
  flags: string[];
  /** Another Prometheus build than the rig's, e.g. of the other release line. */
  binary?: string;
}

/** One real Prometheus server or agent on 127.0.0.1, stoppable and restartable on the same port and data. */
export class PrometheusProcess extends ServerProcess {
  readonly configFile: string;
  readonly #options: PrometheusProcessOptions;

  constructor(options: PrometheusProcessOptions) {
    super(options, {
      binary: options.binary ?? PROMETHEUS_BIN,
      logFileName: 'prometheus.log',
      readyPath: '/-/ready',
    });
    this.configFile = path.join(options.dir, 'prometheus.yml');
    this.#options = options;
  }

  protected args(): string[] {
    return [
      `--config.file=${this.configFile}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      this.#options.agentMode
        ? `--storage.agent.path=${this.dataDir}`
        : `--storage.tsdb.path=${this.dataDir}`,
      ...this.#options.flags,
    ];
  }
}
