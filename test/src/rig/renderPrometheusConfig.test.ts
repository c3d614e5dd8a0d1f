import { GeneratedValues } from 'backstage-plugin-prometheus-fleet-common';
import { renderPrometheusConfig } from './renderPrometheusConfig';

function valuesWith(
  agentMode: boolean,
  spec: Record<string, unknown>,
): GeneratedValues {
  return {
    ref: 'resource:default/cluster',
    role: agentMode ? 'edge' : 'global',
    clusterLabel: 'cluster',
    chartVersion: '88.5.3',
    values: { prometheus: { agentMode, prometheusSpec: spec } },
    yaml: '',
    fileName: 'values-cluster.yaml',
    helmCommand: '',
  };
}

const edgeValues = (remoteWrite: Record<string, unknown>) =>
  valuesWith(true, {
    externalLabels: { cluster: 'edge' },
    remoteWrite: [remoteWrite],
  });

const options = { listenAddress: '127.0.0.1:9090', tlsAssetsDir: '/certs' };
const WRITE_URL = 'https://global/api/v1/write';

describe('renderPrometheusConfig', () => {
  it('refuses operator fields it does not translate, rather than dropping them silently', () => {
    const values = edgeValues({ url: WRITE_URL, writeRelabelConfigs: [] });
    expect(() => renderPrometheusConfig(values, options)).toThrow(
      'prometheusSpec.remoteWrite[0] has writeRelabelConfigs, which renderPrometheusConfig does not translate yet',
    );
  });

  it('lets a url override point remote write elsewhere, e.g. at a write gate', () => {
    const values = edgeValues({ url: WRITE_URL });
    const { config } = renderPrometheusConfig(values, {
      ...options,
      remoteWriteUrl: 'http://127.0.0.1:1/api/v1/write',
    });
    expect(config.remote_write).toEqual([
      { url: 'http://127.0.0.1:1/api/v1/write', remote_timeout: '30s' },
    ]);
  });

  it('starts agents with the flag of their Prometheus major version', () => {
    const values = edgeValues({ url: WRITE_URL });
    const flags = (prometheusVersion: string) =>
      renderPrometheusConfig(values, { ...options, prometheusVersion }).flags;
    expect(flags('2.42.0')).toEqual(['--enable-feature=agent']);
    expect(flags('3.5.3')).toEqual(['--agent']);
  });

  it('writes the TSDB out-of-order window from 2.39 on, for agents from 2.54 on', () => {
    const storage = (agentMode: boolean, prometheusVersion: string) =>
      renderPrometheusConfig(
        valuesWith(agentMode, { tsdb: { outOfOrderTimeWindow: '0s' } }),
        { ...options, prometheusVersion },
      );
    const written = { tsdb: { out_of_order_time_window: '0s' } };
    expect(storage(false, '2.42.0').config.storage).toEqual(written);
    expect(storage(true, '3.5.3').config.storage).toEqual(written);
    const agent242 = storage(true, '2.42.0');
    expect(agent242.config.storage).toBeUndefined();
    expect(agent242.warnings).toEqual([
      'prometheusSpec.tsdb.outOfOrderTimeWindow needs Prometheus 2.54.0 or later in agent mode; the operator leaves it out for 2.42.0',
    ]);
  });
});

describe('renderPrometheusConfig, remote-write 2.0', () => {
  const v2Edge = edgeValues({ url: WRITE_URL, messageVersion: 'V2.0' });
  const receiver = (messageVersions: string[]) =>
    valuesWith(false, {
      enableRemoteWriteReceiver: true,
      remoteWriteReceiverMessageVersions: messageVersions,
    });

  it('sends the message messageVersion names as protobuf_message', () => {
    const { config, warnings } = renderPrometheusConfig(v2Edge, {
      ...options,
      prometheusVersion: '3.5.3',
    });
    expect(config.remote_write).toEqual([
      {
        url: WRITE_URL,
        remote_timeout: '30s',
        protobuf_message: 'io.prometheus.write.v2.Request',
      },
    ]);
    expect(warnings).toEqual([]);
    expect(
      renderPrometheusConfig(
        edgeValues({ url: WRITE_URL, messageVersion: 'V1.0' }),
        { ...options, prometheusVersion: '3.5.3' },
      ).config.remote_write,
    ).toEqual([
      expect.objectContaining({ protobuf_message: 'prometheus.WriteRequest' }),
    ]);
  });

  it('leaves messageVersion out, with a warning, before 2.54', () => {
    const { config, warnings } = renderPrometheusConfig(v2Edge, {
      ...options,
      prometheusVersion: '2.42.0',
    });
    expect(config.remote_write).toEqual([
      { url: WRITE_URL, remote_timeout: '30s' },
    ]);
    expect(warnings).toEqual([
      'prometheusSpec.remoteWrite[0].messageVersion needs Prometheus 2.54.0 or later; the operator leaves it out for 2.42.0',
    ]);
  });

  it('records metadata in the WAL for remote-write 2.0 before 3.4, where it became the default', () => {
    const flags = (prometheusVersion: string) =>
      renderPrometheusConfig(v2Edge, { ...options, prometheusVersion }).flags;
    expect(flags('3.0.0')).toEqual([
      '--agent',
      '--enable-feature=metadata-wal-records',
    ]);
    expect(flags('3.5.3')).toEqual(['--agent']);
  });

  it('refuses a messageVersion the operator does not know', () => {
    expect(() =>
      renderPrometheusConfig(
        edgeValues({ url: WRITE_URL, messageVersion: 'V3.0' }),
        options,
      ),
    ).toThrow(
      'prometheusSpec.remoteWrite[0].messageVersion is "V3.0"; the operator knows V1.0, V2.0',
    );
  });

  it('passes the accepted messages as the one comma-separated flag value the operator writes', () => {
    const flags = (messageVersions: string[], prometheusVersion: string) =>
      renderPrometheusConfig(receiver(messageVersions), {
        ...options,
        prometheusVersion,
      }).flags;
    expect(flags(['V1.0', 'V2.0'], '3.5.3')).toEqual([
      '--web.enable-remote-write-receiver',
      '--web.remote-write-receiver.accepted-protobuf-messages=prometheus.WriteRequest,io.prometheus.write.v2.Request',
    ]);
    expect(flags(['V2.0'], '3.5.3')).toEqual([
      '--web.enable-remote-write-receiver',
      '--web.remote-write-receiver.accepted-protobuf-messages=io.prometheus.write.v2.Request',
    ]);
    expect(flags(['V1.0', 'V2.0'], '2.42.0')).toEqual([
      '--web.enable-remote-write-receiver',
    ]);
  });
});
