import { GeneratedValues } from 'backstage-plugin-prometheus-fleet-common';
import { renderPrometheusConfig } from './renderPrometheusConfig';

function edgeValues(remoteWrite: Record<string, unknown>): GeneratedValues {
  return {
    ref: 'resource:default/edge',
    role: 'edge',
    clusterLabel: 'edge',
    chartVersion: '88.5.3',
    values: {
      prometheus: {
        agentMode: true,
        prometheusSpec: {
          externalLabels: { cluster: 'edge' },
          remoteWrite: [remoteWrite],
        },
      },
    },
    yaml: '',
    fileName: 'values-edge.yaml',
    helmCommand: '',
  };
}

const options = { listenAddress: '127.0.0.1:9090', tlsAssetsDir: '/certs' };

describe('renderPrometheusConfig', () => {
  it('refuses operator fields it does not translate, rather than dropping them silently', () => {
    const values = edgeValues({
      url: 'https://global/api/v1/write',
      writeRelabelConfigs: [],
    });
    expect(() => renderPrometheusConfig(values, options)).toThrow(
      'prometheusSpec.remoteWrite[0] has writeRelabelConfigs, which renderPrometheusConfig does not translate yet',
    );
  });

  it('lets a url override point remote write elsewhere, e.g. at a write gate', () => {
    const values = edgeValues({ url: 'https://global/api/v1/write' });
    const { config } = renderPrometheusConfig(values, {
      ...options,
      remoteWriteUrl: 'http://127.0.0.1:1/api/v1/write',
    });
    expect(config.remote_write).toEqual([
      { url: 'http://127.0.0.1:1/api/v1/write', remote_timeout: '30s' },
    ]);
  });

  it('starts agents with the flag of their Prometheus major version', () => {
    const values = edgeValues({ url: 'https://global/api/v1/write' });
    expect(renderPrometheusConfig(values, options).flags).toEqual([
      '--enable-feature=agent',
    ]);
    expect(
      renderPrometheusConfig(values, { ...options, prometheusVersion: '3.5.0' })
        .flags,
    ).toEqual(['--agent']);
  });
});
