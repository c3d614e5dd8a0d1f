import fs from 'node:fs/promises';
import { createTempDir } from './testing';
import { writeFileAtomic } from './writeFileAtomic';

describe('writeFileAtomic', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  afterEach(async () => {
    jest.restoreAllMocks();
    await dir?.cleanup();
  });

  it('replaces the file and leaves no temporary file behind', async () => {
    dir = await createTempDir({ 'values.yaml': 'old: true\n' });
    await writeFileAtomic(dir.path('values.yaml'), 'new: true\n');
    await expect(fs.readFile(dir.path('values.yaml'), 'utf8')).resolves.toBe(
      'new: true\n',
    );
    await expect(fs.readdir(dir.root)).resolves.toEqual(['values.yaml']);
  });

  it('moves a complete file into place in one step, and cleans up when that fails', async () => {
    dir = await createTempDir({ 'values.yaml': 'old: true\n' });
    const seenBeforeRename: string[] = [];
    jest.spyOn(fs, 'rename').mockImplementationOnce(async from => {
      seenBeforeRename.push(
        await fs.readFile(from, 'utf8'),
        await fs.readFile(dir.path('values.yaml'), 'utf8'),
      );
      throw new Error('disk gone');
    });
    await expect(
      writeFileAtomic(dir.path('values.yaml'), 'new: true\n'),
    ).rejects.toThrow('disk gone');
    expect(seenBeforeRename).toEqual(['new: true\n', 'old: true\n']);
    await expect(fs.readFile(dir.path('values.yaml'), 'utf8')).resolves.toBe(
      'old: true\n',
    );
    await expect(fs.readdir(dir.root)).resolves.toEqual(['values.yaml']);
  });
});
