import { CrdValidator } from './crdValidator';

/** A CRD with one field of each kind the chart's CRDs use. */
const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                description: 'What the widget does.',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  replicas: { type: 'integer', format: 'int32' },
                  labels: {
                    type: 'object',
                    additionalProperties: { type: 'string' },
                  },
                  port: {
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                    'x-kubernetes-int-or-string': true,
                  },
                  mode: { type: 'string', pattern: '^(?i)(fast|slow)$' },
                  tags: {
                    type: 'array',
                    items: { type: 'string' },
                    'x-kubernetes-list-type': 'set',
                  },
                  ports: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        name: { type: 'string' },
                        number: { type: 'integer' },
                      },
                    },
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                  },
                  raw: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                  selector: { type: 'object' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const validator = CrdValidator.create([widgetCrd, { kind: 'ConfigMap' }]);

function widget(spec: Record<string, unknown>) {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns', labels: { any: 'label' } },
    spec: { name: 'w', ...spec },
  };
}

const problemsOf = (spec: Record<string, unknown>) =>
  validator.problems(widget(spec));

describe('CrdValidator', () => {
  it('takes an object the CRD describes, metadata left to the API server', () => {
    expect(
      problemsOf({
        replicas: 3,
        labels: { a: 'b' },
        port: 'http',
        mode: 'FAST',
        tags: ['a', 'b'],
        ports: [
          { name: 'http', number: 80 },
          { name: 'https', number: 443 },
        ],
        raw: { anything: { goes: true } },
        selector: {},
      }),
    ).toEqual([]);
    expect(problemsOf({ port: 8080 })).toEqual([]);
  });

  it('covers the kinds its CRDs define, in the versions they serve', () => {
    expect(validator.covers(widget({}))).toBe(true);
    expect(
      validator.covers({ ...widget({}), apiVersion: 'example.com/v2' }),
    ).toBe(false);
  });

  it('reports a field the API server would prune, at any depth', () => {
    expect(problemsOf({ nmae: 'typo', selector: { matchLabels: {} } })).toEqual(
      [
        'Widget ns/w: /spec has nmae, which the API server would prune',
        'Widget ns/w: /spec/selector has matchLabels, which the API server would prune',
      ],
    );
  });

  it('reports wrong types, a missing required field, an int32 overflow', () => {
    expect(
      validator.problems({
        ...widget({}),
        spec: { labels: { a: 1 }, replicas: 2 ** 31 },
      }),
    ).toEqual([
      "Widget ns/w: /spec must have required property 'name'",
      'Widget ns/w: /spec/replicas must match format "int32"',
      'Widget ns/w: /spec/labels/a must be string',
    ]);
  });

  it('reports what the Kubernetes extensions forbid', () => {
    expect(problemsOf({ port: true })).toEqual(
      expect.arrayContaining([
        'Widget ns/w: /spec/port must pass "x-kubernetes-int-or-string" keyword validation',
      ]),
    );
    expect(problemsOf({ tags: ['a', 'a'] })).toEqual([
      'Widget ns/w: /spec/tags must pass "x-kubernetes-list-type" keyword validation',
    ]);
    expect(
      problemsOf({
        ports: [
          { name: 'http', number: 80 },
          { name: 'http', number: 8080 },
        ],
      }),
    ).toEqual([
      'Widget ns/w: /spec/ports must pass "x-kubernetes-list-type" keyword validation',
    ]);
    expect(problemsOf({ mode: 'medium' })).toEqual([
      'Widget ns/w: /spec/mode must match pattern "^(?i)(fast|slow)$"',
    ]);
  });

  it('fails on a Kubernetes extension it does not know rather than ignoring it', () => {
    const embedded = structuredClone(widgetCrd);
    (
      embedded.spec.versions[0].schema.openAPIV3Schema.properties.spec
        .properties.raw as Record<string, unknown>
    )['x-kubernetes-embedded-resource'] = true;
    expect(() => CrdValidator.create([embedded]).problems(widget({}))).toThrow(
      'unknown keyword: "x-kubernetes-embedded-resource"',
    );
  });
});
