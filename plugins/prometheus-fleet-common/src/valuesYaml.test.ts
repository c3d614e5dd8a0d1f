import { Document, isMap, parse } from 'yaml';
import { CommentedValues, renderYaml, renderYamlReusing } from './valuesYaml';

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

/** The YAML both ways: reusing skeletons, and through a Document every time. */
function bothWays(label: string, ref: string, tenant: string, extra?: object) {
  const commented = content(label, ref, tenant, extra);
  return {
    reusing: renderYamlReusing(commented, [ref, label, tenant]),
    document: renderYaml(commented),
  };
}

describe('renderYamlReusing', () => {
  it('writes what the Document writes, cluster after cluster of one shape', () => {
    const outputs = ['edge-1', 'edge-2', 'edge-3'].map(label =>
      bothWays(label, `resource:default/${label}`, 'team-a'),
    );
    for (const { reusing, document } of outputs) expect(reusing).toBe(document);
    expect(new Set(outputs.map(output => output.reusing)).size).toBe(3);
    expect(outputs[1].reusing).toContain('cluster: edge-2\n');
    expect(outputs[1].reusing).not.toContain('edge-1');
  });

  it('renders a shape once, and again only for slots the skeleton cannot hold', () => {
    const toString = jest.spyOn(Document.prototype, 'toString');
    // Rendering whole values, as opposed to probing how one scalar is written.
    const valuesRendered = () =>
      toString.mock.contexts.filter(doc => isMap((doc as Document).contents))
        .length;
    const render = (label: string, tenant = 'team-a') =>
      renderYamlReusing(
        content(label, `resource:default/${label}`, tenant, {
          shape: 'reuse-test',
        }),
        [`resource:default/${label}`, label, tenant],
      );

    render('edge-1');
    expect(valuesRendered()).toBe(1);
    render('edge-2');
    render('edge-3', 'team-b');
    expect(valuesRendered()).toBe(1);
    render('true');
    expect(valuesRendered()).toBe(2);
    toString.mockRestore();
  });

  it.each([
    // YAML would read these as numbers, booleans or null unless quoted.
    ['true'],
    ['null'],
    ['1e3'],
    ['0x1F'],
    ['012'],
    ['.inf'],
    ['~'],
    // Indicators, document markers, comments and JSON punctuation.
    ['*alias'],
    ['!tag'],
    ["'quoted'"],
    ['---'],
    ['...'],
    ['a #b'],
    ['a: b'],
    ['[x]'],
    ['x,y'],
    ['x"y'],
    ['x\\y'],
    ['-'],
    ['a b'],
    ['x\ny'],
    ['x\u0000'],
    ['x\u0085y: 1'],
    ['x\u2028y: 1'],
    ['x\u202ey'],
    ['x\u200by'],
    [''],
    ['é'],
    // Strings that are also other values, keys and placeholders.
    ['kubernetes'],
    ['keep'],
    ['cluster'],
    ['fleet-global'],
    ['__prometheus_fleet_slot_0__'],
  ])('writes what the Document writes for the slot %j', slot => {
    for (const { reusing, document } of [
      bothWays(slot, 'resource:default/edge', 'team-a'),
      bothWays('edge', slot, 'team-a'),
      bothWays('edge', 'resource:default/edge', slot),
      bothWays(slot, `resource:default/${slot}`, slot),
    ]) {
      expect(reusing).toBe(document);
    }
  });

  it('writes what the Document writes when a slot is part of another value or comment', () => {
    for (const { reusing, document } of [
      bothWays('global', 'resource:default/global', 'fleet'),
      bothWays('edge', 'resource:default/edge', 'cluster'),
      bothWays('e', 'resource:default/e', 'r'),
    ]) {
      expect(reusing).toBe(document);
    }
  });

  it.each([
    ['a placeholder in the values', { note: '__prometheus_fleet_slot_1__' }],
    ['numbers JSON cannot keep', { counts: [NaN, Infinity, -0] }],
    ['undefined in a list', { list: ['a', undefined] }],
    ['undefined properties', { skipped: undefined, kept: 1 }],
    [
      'objects that are not plain',
      { when: new Date(0), set: new Set(['edge']) },
    ],
  ])('writes what the Document writes with %s', (_, extra) => {
    for (const { reusing, document } of [
      bothWays('edge-1', 'resource:default/edge-1', 'team-a', extra),
      bothWays('edge-2', 'resource:default/edge-2', 'team-a', extra),
    ]) {
      expect(reusing).toBe(document);
    }
  });
});

describe('strings Helm would read as other types', () => {
  // go-yaml, Helm's reader, resolves plain scalars by YAML 1.1 and reads
  // numbers as Go does, which also knows 0o17, 0O17, 0X1F, 0B1010 and 1e_3.
  it.each([
    ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off'],
    ...['Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'False', '~', 'null'],
    ...['1_000', '0b1010', '0o17', '0O17', '0x1F', '0X1F', '0B1010', '017'],
    ...['09', '+1', '-1', '1e3', '1e_3', '1_0.5', '.5', '.inf', '-.Inf'],
    ...['.NaN', '1:20', '190:20:30', '2001-12-14', '2001-12-14t21:59:43Z'],
  ])('quotes %j, also in place of a slot of a reused skeleton', value => {
    // The skeleton of this shape, rendered for plain strings.
    renderYamlReusing(content('edge-1', 'resource:default/edge-1', 'team-a'), [
      'resource:default/edge-1',
      'edge-1',
      'team-a',
    ]);
    const commented = content(value, 'resource:default/edge', value);
    const yaml = renderYamlReusing(commented, [
      'resource:default/edge',
      value,
      value,
    ]);

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
