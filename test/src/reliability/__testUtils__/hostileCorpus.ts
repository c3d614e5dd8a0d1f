import fs from 'node:fs';
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

export const HOSTILE_CORPUS_DIR = path.resolve(
  __dirname,
  '../../../fixtures/hostile',
);

/** 1 MiB, the size of the huge values in the corpus. */
export const HUGE_LENGTH = 1024 * 1024;

/**
 * What a corpus entry must yield: fleet problem codes, or what the catalog
 * does before the fleet ever sees it (the codes the CLI reports too):
 * `invalid-entity` (its entity policies reject it), `duplicate-entity` (an
 * entity with that ref exists), `yaml-error` (the file does not load).
 */
export type Expectation = string;

export interface CorpusEntry {
  file: string;
  description: string;
  expect: Expectation[];
  /** The parsed entity; undefined when the file does not load. */
  entity?: Entity;
  yamlError?: string;
}

export interface CorpusPlaceholders {
  /** `http://host:port` of a server that records any request. */
  recorderUrl: string;
}

/**
 * Reads every `*.yaml` of the corpus. Each file holds one entity, after a
 * comment saying what it tries and a line `# expect: code, code`. Values too
 * large or too dynamic for a file are placeholders: `${RECORDER}` (a recording
 * server's URL), `${RECORDER_HOST}` (its host:port), `${HUGE}` (1 MiB).
 */
export function loadHostileCorpus(
  placeholders: CorpusPlaceholders,
): CorpusEntry[] {
  const recorder = new URL(placeholders.recorderUrl);
  const huge = 'A'.repeat(HUGE_LENGTH);
  return fs
    .readdirSync(HOSTILE_CORPUS_DIR)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .map(file => {
      const raw = fs.readFileSync(path.join(HOSTILE_CORPUS_DIR, file), 'utf8');
      const [, description = ''] = /^# (.*)$/m.exec(raw) ?? [];
      const [, expectLine = ''] = /^# expect: (.*)$/m.exec(raw) ?? [];
      const text = raw
        .replaceAll('${RECORDER}', recorder.origin)
        .replaceAll('${RECORDER_HOST}', recorder.host)
        .replaceAll('${HUGE}', huge);
      const entry: CorpusEntry = {
        file,
        description,
        expect: expectLine
          .split(',')
          .map(code => code.trim())
          .filter(Boolean)
          .sort(),
      };
      try {
        const documents = parseAllDocuments(text);
        if (!Array.isArray(documents) || documents.length !== 1) {
          throw new Error('expected exactly one YAML document');
        }
        // As the catalog reads YAML: errors reject a document, warnings
        // (an unknown tag such as !!python/object) do not.
        const [document] = documents;
        if (document.errors.length) throw document.errors[0];
        entry.entity = document.toJSON() as Entity;
      } catch (error) {
        entry.yamlError = (error as Error).message;
      }
      return entry;
    });
}

/** The checks the catalog backend applies before it stores an entity. */
const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators = [
  resourceEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
];

/** Why the catalog would refuse to store the entity, or undefined if it would store it. */
export async function catalogRejection(
  entity: Entity,
): Promise<string | undefined> {
  try {
    const checked = await catalogPolicy.enforce(structuredClone(entity));
    if (!checked) return 'rejected by the entity policies';
    for (const validator of kindValidators) {
      if (await validator.check(checked)) return undefined;
    }
    return 'no kind validator accepts it';
  } catch (error) {
    return (error as Error).message;
  }
}

export function refOf(entity: Entity): string | undefined {
  try {
    return stringifyEntityRef(entity);
  } catch {
    return undefined;
  }
}
