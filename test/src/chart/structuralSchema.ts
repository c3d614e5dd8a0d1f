/** A JSON schema, as a CRD's `openAPIV3Schema` is one. */
export type JsonSchema = { [keyword: string]: unknown };

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts each schema of a list (`anyOf`) or map (`properties`) of them. */
function mapSchemas(
  value: unknown,
  convert: (schema: JsonSchema) => JsonSchema,
) {
  if (Array.isArray(value)) return value.map(item => convert(item));
  return Object.fromEntries(
    Object.entries(value as Record<string, JsonSchema>).map(([key, schema]) => [
      key,
      convert(schema),
    ]),
  );
}

/**
 * The schema of one CRD version as the API server applies it, for a JSON
 * schema validator: the server prunes every field an object schema does not
 * declare (unless it has `x-kubernetes-preserve-unknown-fields`), so a value
 * that would be dropped silently is made an error (`additionalProperties:
 * false`). Descriptions go: they are most of a CRD's size.
 */
export function prunedFieldsAreErrors(schema: JsonSchema): JsonSchema {
  const { description: _description, ...converted } = schema;
  for (const keyword of ['items', 'additionalProperties', 'not']) {
    if (isSchema(schema[keyword])) {
      converted[keyword] = prunedFieldsAreErrors(schema[keyword]);
    }
  }
  for (const keyword of ['properties', 'allOf', 'anyOf', 'oneOf']) {
    if (schema[keyword] !== undefined) {
      converted[keyword] = mapSchemas(schema[keyword], prunedFieldsAreErrors);
    }
  }
  if (
    schema.type === 'object' &&
    schema.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    converted.additionalProperties = false;
  }
  return converted;
}
