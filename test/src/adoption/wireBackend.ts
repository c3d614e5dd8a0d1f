import fs from 'node:fs/promises';
import path from 'node:path';

const START = 'backend.start();';

/** One `backend.add(import('…'));` statement, on one line or as prettier breaks it. */
const ADD = /backend\.add\(\s*import\('[^']+'\),?\s*\);/g;

/**
 * Adds the README's backend snippet to the app's
 * packages/backend/src/index.ts, before `backend.start()`, where the README
 * says it goes.
 */
export async function wireBackend(
  appDir: string,
  snippet: string,
): Promise<void> {
  const file = path.join(appDir, 'packages/backend/src/index.ts');
  const source = await fs.readFile(file, 'utf8');
  if (source.split(START).length !== 2) {
    throw new Error(`${file} does not call ${START} exactly once`);
  }
  if (!snippet.match(ADD) || snippet.replace(ADD, '').trim() !== '') {
    throw new Error(
      `The README's backend snippet is not backend.add(import(…)) statements:\n${snippet}`,
    );
  }
  await fs.writeFile(file, source.replace(START, `${snippet}\n\n${START}`));
}
