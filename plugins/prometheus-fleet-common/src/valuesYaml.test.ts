import { parse } from 'yaml';
import { CommentedValues, renderYaml } from './valuesYaml';

/** Values shaped like the generator's, with a label, a ref and a tenant in them. */
function content(
  label: string,
  ref: string,
  tenant: string,
  extra: object = {},
): CommentedValues {
  return {
    values: {
      prometheus: {
        prometheusSpec: {
          externalLabels: { cluster: label },
          remoteWrite: [
            {
              name: 'fleet-global',
              url: 'https://x/api/v1/write',
              headers: { 'X-Scope-OrgID': tenant },
            },
          ],
          additionalScrapeConfigs: [
            {
              job_name: 'kubernetes',
              relabel_configs: [
                { action: 'keep', regex: 'true' },
                {
                  action: 'replace',
                  target_label: 'cluster',
                  replacement: label,
                },
              ],
            },
          ],
          ...extra,
        },
      },
    },
    header: [`values for cluster "${label}" (${ref}).`, 'Generated.'],
    notes: [
      {
        path: ['prometheus', 'prometheusSpec', 'externalLabels'],
        text: `Series of ${label} carry its label.`,
      },
      {
        path: ['prometheus', 'prometheusSpec', 'remoteWrite'],
        text: `Tenant ${tenant}.`,
      },
    ],
  };
}

describe('strings Helm would read as other types', () => {
  // go-yaml, Helm's reader, resolves plain scalars by YAML 1.1 and reads
  // numbers as Go does, which also knows 0o17, 0O17, 0X1F, 0B1010 and 1e_3.
  it.each([
    ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off'],
    ...['Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'False', '~', 'null'],
    ...['1_000', '0b1010', '0o17', '0O17', '0x1F', '0X1F', '0B1010', '017'],
    ...['09', '+1', '-1', '1e3', '1e_3', '1_0.5', '.5', '.inf', '-.Inf'],
    ...['.NaN', '1:20', '190:20:30', '2001-12-14', '2001-12-14t21:59:43Z'],
  ])('quotes %j', value => {
    const commented = content(value, 'resource:default/edge', value);
    const yaml = renderYaml(commented);

    expect(parse(yaml, { version: '1.1' })).toEqual(commented.values);
    expect(yaml).toContain(`  cluster: "${value}"\n`);
    expect(yaml).toContain(`X-Scope-OrgID: "${value}"\n`);
    expect(yaml).toContain(`replacement: "${value}"\n`);
  });

  it.each([['edge-1'], ['yEs'], ['1e'], ['0x'], ['0o8'], ['_1']])(
    'writes %j bare: strings to go-yaml as well',
    value => {
      const yaml = renderYaml(content(value, 'resource:default/edge', value));
      expect(yaml).toContain(`  cluster: ${value}\n`);
      expect(yaml).toContain(`X-Scope-OrgID: ${value}\n`);
    },
  );
});

describe('renderYaml comments', () => {
  it.each([
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
    ["NEL, a line break to YAML 1.1 parsers such as Helm's", '\u0085'],
    ['a line separator', '\u2028'],
    ['a paragraph separator', '\u2029'],
    ['a right-to-left override', '\u202e'],
    ['a zero-width space', '\u200b'],
  ])('keep text after %s inside the comment', (_, character) => {
    const injected = `resource:default/edge${character}injected: {enabled: true}`;
    const yaml = renderYaml({
      values: { prometheus: { agentMode: true } },
      header: [`values for ${injected}`],
      notes: [{ path: ['prometheus'], text: `Forward to ${injected}` }],
    });

    const code = character.charCodeAt(0).toString(16).padStart(4, '0');
    expect(yaml).toBe(
      [
        `# values for resource:default/edge\\u${code}injected: {enabled: true}`,
        '',
        `# Forward to resource:default/edge\\u${code}injected: {enabled: true}`,
        'prometheus:',
        '  agentMode: true',
        '',
      ].join('\n'),
    );
  });
});
