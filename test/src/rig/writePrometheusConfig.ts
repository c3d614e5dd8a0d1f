import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { RenderedPrometheus } from './renderPrometheusConfig';

/** Writes a rendered prometheus.yml and the TLS asset files it refers to. */
export async function writePrometheusConfig(
  rendered: RenderedPrometheus,
  configFile: string,
): Promise<void> {
  for (const [file, contents] of Object.entries(rendered.tlsAssets)) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, contents, { mode: 0o600 });
  }
  await fs.mkdir(path.dirname(configFile), { recursive: true });
  await fs.writeFile(configFile, stringify(rendered.config, { lineWidth: 0 }));
}
