import fs from 'node:fs/promises';
import { Document, isMap, isSeq, parseDocument } from 'yaml';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `snippet` into the document at `path`, as an adopter adds a README
 * snippet to the app-config.yaml create-app wrote: maps merge key by key,
 * list items are appended (e.g. to create-app's own `catalog.locations`),
 * and other values are set. Comments and the rest of the file stay.
 */
function mergeAt(doc: Document, path: unknown[], snippet: unknown): void {
  if (isRecord(snippet)) {
    if (!isMap(doc.getIn(path))) doc.setIn(path, doc.createNode({}));
    for (const [key, value] of Object.entries(snippet)) {
      mergeAt(doc, [...path, key], value);
    }
  } else if (Array.isArray(snippet)) {
    if (!isSeq(doc.getIn(path))) doc.setIn(path, doc.createNode([]));
    for (const item of snippet) doc.addIn(path, doc.createNode(item));
  } else {
    doc.setIn(path, snippet);
  }
}

export async function mergeIntoAppConfig(
  file: string,
  snippets: unknown[],
): Promise<void> {
  const doc = parseDocument(await fs.readFile(file, 'utf8'));
  for (const snippet of snippets) mergeAt(doc, [], snippet);
  await fs.writeFile(
    file,
    doc.toString({ flowCollectionPadding: false, lineWidth: 0 }),
  );
}
