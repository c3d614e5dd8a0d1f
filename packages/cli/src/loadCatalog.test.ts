import { stringifyEntityRef } from '@backstage/catalog-model';
import { loadCatalog } from './loadCatalog';
import {
  createTempDir,
  edgeEntity,
  globalEntity,
  yamlDocuments,
} from './testing';

describe('loadCatalog', () => {
  let dir: Awaited<ReturnType<typeof createTempDir>>;
  afterEach(() => dir?.cleanup());

  it('loads every document of a multi-document file', async () => {
    dir = await createTempDir({
      'fleet.yaml': yamlDocuments(
        globalEntity('global-eu'),
        edgeEntity('edge-eu-1'),
      ),
    });
    const catalog = await loadCatalog(dir.path('fleet.yaml'));
    expect(catalog.entities.map(entity => stringifyEntityRef(entity))).toEqual([
      'resource:default/global-eu',
      'resource:default/edge-eu-1',
    ]);
    expect(catalog.locations.get('resource:default/edge-eu-1')).toEqual({
      file: dir.path('fleet.yaml'),
      line: expect.any(Number),
    });
    expect(catalog.invalid).toEqual([]);
  });

  it('searches a directory recursively for .yaml and .yml files only', async () => {
    dir = await createTempDir({
      'a/global.yaml': yamlDocuments(globalEntity('global-eu')),
      'a/b/edge.yml': yamlDocuments(edgeEntity('edge-eu-1')),
      'README.md': 'apiVersion: backstage.io/v1alpha1\nkind: Resource\n',
      'notes.txt': yamlDocuments(edgeEntity('edge-ignored')),
    });
    const catalog = await loadCatalog(dir.root);
    expect(catalog.entities.map(entity => entity.metadata.name).sort()).toEqual(
      ['edge-eu-1', 'global-eu'],
    );
  });

  it('skips empty documents, Locations and documents that are not entities', async () => {
    dir = await createTempDir({
      'catalog.yaml': [
        '---',
        'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: more }\nspec: { targets: [./other.yaml] }',
        'prometheus:\n  agentMode: true',
        yamlDocuments(edgeEntity('edge-eu-1')),
      ].join('\n---\n'),
    });
    const catalog = await loadCatalog(dir.path('catalog.yaml'));
    expect(catalog.entities.map(entity => entity.metadata.name)).toEqual([
      'edge-eu-1',
    ]);
    expect(catalog.invalid).toEqual([]);
  });

  it('names the file, line and column of malformed YAML', async () => {
    dir = await createTempDir({
      'good.yaml': yamlDocuments(globalEntity('global-eu')),
      'bad.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: [edge\n',
    });
    await expect(loadCatalog(dir.root)).rejects.toThrow(
      `Malformed YAML in ${dir.path('bad.yaml')}:5:1`,
    );
  });

  it('reports entities the catalog would reject, with where they are, and keeps the rest', async () => {
    const text = yamlDocuments(
      globalEntity('global-eu'),
      edgeEntity('edge eu 1'),
    );
    const secondDocumentLine = text.split('\n').indexOf('---') + 2;
    dir = await createTempDir({ 'fleet.yaml': text });
    const catalog = await loadCatalog(dir.path('fleet.yaml'));
    expect(catalog.entities.map(entity => entity.metadata.name)).toEqual([
      'global-eu',
    ]);
    expect(catalog.invalid).toEqual([
      {
        code: 'invalid-entity',
        ref: 'resource:default/edge eu 1',
        message: expect.stringContaining('"metadata.name" is not valid'),
        location: { file: dir.path('fleet.yaml'), line: secondDocumentLine },
      },
    ]);
  });

  it('keeps the first of two entities with the same ref and reports the second', async () => {
    dir = await createTempDir({
      'a.yaml': yamlDocuments(globalEntity('global-eu')),
      'b.yaml': yamlDocuments(
        globalEntity('global-eu', {
          'prometheus-fleet.io/query-endpoint': 'other',
        }),
      ),
    });
    const catalog = await loadCatalog(dir.root);
    expect(catalog.entities).toHaveLength(1);
    expect(
      catalog.entities[0].metadata.annotations?.[
        'prometheus-fleet.io/query-endpoint'
      ],
    ).toBe('global-eu');
    expect(catalog.invalid).toEqual([
      {
        code: 'duplicate-entity',
        ref: 'resource:default/global-eu',
        message: expect.stringContaining(
          `Also defined at ${dir.path('a.yaml')}:1`,
        ),
        location: { file: dir.path('b.yaml'), line: 1 },
      },
    ]);
  });

  it('fails clearly on a missing path or a directory without catalog files', async () => {
    dir = await createTempDir({ 'README.md': '# nothing here' });
    await expect(loadCatalog(dir.path('missing.yaml'))).rejects.toThrow(
      `Catalog path ${dir.path('missing.yaml')} does not exist.`,
    );
    await expect(loadCatalog(dir.root)).rejects.toThrow(
      `No *.yaml or *.yml files in ${dir.root}.`,
    );
  });
});
