import Ajv, { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { KubernetesObject } from '../rig/renderPrometheusConfigFromResource';
import { JsonSchema, prunedFieldsAreErrors } from './structuralSchema';

interface CustomResourceDefinition {
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{
      name: string;
      served: boolean;
      schema: { openAPIV3Schema: JsonSchema };
    }>;
  };
}

function isCrd(manifest: unknown): manifest is CustomResourceDefinition {
  return (
    (manifest as { kind?: unknown } | null)?.kind === 'CustomResourceDefinition'
  );
}

function typeKey(apiVersion: string, kind: string) {
  return `${apiVersion} ${kind}`;
}

function isUnique(keys: string[]) {
  return new Set(keys).size === keys.length;
}

/**
 * List semantics the API server enforces: no duplicate in a set, no two
 * entries of a map list with the same keys.
 */
function validListType(
  listType: string,
  items: unknown[],
  parentSchema?: AnySchemaObject,
): boolean {
  if (listType === 'set') {
    return isUnique(items.map(item => JSON.stringify(item)));
  }
  if (listType === 'map') {
    const keys = parentSchema?.['x-kubernetes-list-map-keys'] as string[];
    return isUnique(
      items.map(item =>
        JSON.stringify(keys.map(key => (item as Record<string, unknown>)[key])),
      ),
    );
  }
  return true;
}

const INT32_RANGE = 2 ** 31;
const GO_CASE_INSENSITIVE = '(?i)';

/**
 * CRD patterns are Go (RE2) expressions. The only RE2 syntax in the chart's
 * CRDs that JavaScript lacks is the inline `(?i)`, here applied to the whole
 * pattern: it can only accept more than Go would, never reject a valid value.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string) =>
    pattern.includes(GO_CASE_INSENSITIVE)
      ? new RegExp(pattern.split(GO_CASE_INSENSITIVE).join(''), `${flags}i`)
      : new RegExp(pattern, flags),
  { code: 'goRegExp' },
);

/** Ajv that knows the Kubernetes keywords, and fails on any other unknown keyword. */
function kubernetesAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    strict: true,
    // int-or-string fields put a string pattern beside `anyOf: [integer, string]`.
    strictTypes: false,
    code: { regExp: goRegExp },
    // The operator reads these into Go int32 and int64 fields.
    formats: {
      int32: {
        type: 'number',
        validate: n =>
          Number.isInteger(n) && n >= -INT32_RANGE && n < INT32_RANGE,
      },
      int64: { type: 'number', validate: n => Number.isSafeInteger(n) },
      'date-time':
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
    },
    keywords: [
      // Read by prunedFieldsAreErrors and validListType.
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-list-map-keys',
      // Merge strategy for server-side apply, no constraint on a value.
      'x-kubernetes-map-type',
      // CEL rules are not evaluated. In the chart's Prometheus and
      // PrometheusAgent CRDs they concern fields the values never set
      // (mode, shardingStrategy, sigv4, updateStrategy).
      'x-kubernetes-validations',
      {
        keyword: 'x-kubernetes-int-or-string',
        errors: false,
        validate: (on: boolean, data: unknown) =>
          !on || Number.isInteger(data) || typeof data === 'string',
      },
      {
        keyword: 'x-kubernetes-list-type',
        type: 'array',
        errors: false,
        validate: validListType,
      },
    ],
  });
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has ${error.params.additionalProperty}, which the API server would prune`;
    case 'enum':
      return `${where} ${error.message}: ${error.params.allowedValues.join(
        ', ',
      )}`;
    default:
      return `${where} ${error.message}`;
  }
}

/**
 * Validates objects against the CRDs that define them, as the API server
 * would on `helm install`: wrong types, missing required fields, values out
 * of an enum or pattern, and fields it would prune are all problems.
 */
export class CrdValidator {
  readonly #schemas = new Map<string, JsonSchema>();
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #ajv = kubernetesAjv();

  static create(manifests: unknown[]): CrdValidator {
    return new CrdValidator(manifests.filter(isCrd));
  }

  private constructor(crds: CustomResourceDefinition[]) {
    for (const crd of crds) {
      for (const version of crd.spec.versions.filter(v => v.served)) {
        const { properties, ...root } = version.schema.openAPIV3Schema;
        this.#schemas.set(
          typeKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind),
          {
            ...root,
            properties: {
              ...(properties as JsonSchema),
              // ObjectMeta is validated by the API server itself, not by the CRD.
              metadata: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        );
      }
    }
  }

  /** Whether one of the CRDs defines the object's apiVersion and kind. */
  covers(object: KubernetesObject): boolean {
    return this.#schemas.has(typeKey(object.apiVersion, object.kind));
  }

  /** What the API server would reject or prune; empty when it takes the object as it is. */
  problems(object: KubernetesObject): string[] {
    const { kind, metadata } = object;
    const validate = this.#validator(typeKey(object.apiVersion, kind));
    if (validate(object)) return [];
    return (validate.errors ?? []).map(
      error =>
        `${kind} ${metadata.namespace}/${metadata.name}: ${describe(error)}`,
    );
  }

  #validator(key: string): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      const schema = this.#schemas.get(key);
      if (!schema) throw new Error(`No CRD defines ${key}`);
      validate = this.#ajv.compile(prunedFieldsAreErrors(schema));
      this.#compiled.set(key, validate);
    }
    return validate;
  }
}
