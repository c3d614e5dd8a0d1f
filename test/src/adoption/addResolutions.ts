import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Adds a README `resolutions` snippet to the app's root package.json, as an
 * adopter pastes it: beside what is there (create-app's own `@types/react`
 * pins), a README entry winning over an existing one.
 */
export async function addResolutions(
  appDir: string,
  resolutions: Record<string, string>,
): Promise<void> {
  const file = path.join(appDir, 'package.json');
  const pkg = JSON.parse(await fs.readFile(file, 'utf8'));
  pkg.resolutions = { ...pkg.resolutions, ...resolutions };
  await fs.writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
