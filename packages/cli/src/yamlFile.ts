import { readFile } from 'node:fs/promises';
import { Document, LineCounter, parseAllDocuments, YAMLError } from 'yaml';
import { InputError } from './io';

/** A parsed YAML file, with what is needed to point users at a line. */
export interface YamlFile {
  path: string;
  documents: Document[];
  lineOf(offset: number): number;
}

function describeError(
  path: string,
  text: string,
  lineCounter: LineCounter,
  error: YAMLError,
) {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message = `Malformed YAML in ${path}:${line}:${col}: ${error.message}`;
  const source = text.split(/\r?\n/)[line - 1] ?? '';
  // Errors found at the end of the file (an unclosed quote) have no line worth showing.
  if (!source.trim()) return message;
  return `${message}\n  ${source}\n  ${' '.repeat(col - 1)}^`;
}

/**
 * Reads a file of one or more YAML documents.
 *
 * @throws InputError naming the file and line of the first syntax error, since
 * a half-read catalog would silently drop clusters.
 */
export async function readYamlFile(path: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
  });
  for (const document of documents) {
    const [error] = document.errors;
    if (error) {
      throw new InputError(describeError(path, text, lineCounter, error));
    }
  }
  return {
    path,
    documents: [...documents],
    lineOf: offset => lineCounter.linePos(offset).line,
  };
}
