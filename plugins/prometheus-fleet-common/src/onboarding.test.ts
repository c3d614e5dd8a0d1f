import {
  checkEdgeNames,
  edgeNamesProblems,
  globalCandidateError,
  newClusterRef,
} from './onboarding';

const clusters = [
  { ref: 'resource:default/edge-eu-1', clusterLabel: 'edge-eu-1' },
  { ref: 'resource:default/edge-eu-2', clusterLabel: 'eu-two' },
];

describe('checkEdgeNames', () => {
  it('finds a free name free, and its defaulted label too', () => {
    expect(checkEdgeNames({ name: 'edge-eu-3' }, clusters)).toEqual({
      name: { value: 'edge-eu-3', status: 'available' },
      clusterLabel: {
        value: 'edge-eu-3',
        status: 'available',
        defaulted: true,
      },
    });
  });

  it('says which characters a name may hold, without a pattern', () => {
    const verdict = checkEdgeNames({ name: 'edge eu 3' }, clusters);
    expect(verdict.name).toEqual({
      value: 'edge eu 3',
      status: 'invalid',
      message:
        'Name "edge eu 3" is not a valid entity name: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
      fieldMessage:
        'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    });
    expect(verdict.clusterLabel?.status).toBe('invalid');
    // The defaulted label's problem is the name's: said once.
    expect(edgeNamesProblems(verdict)).toEqual([verdict.name!.message]);
  });

  it('names the entity that holds the name', () => {
    const verdict = checkEdgeNames(
      { name: 'edge-eu-1', clusterLabel: 'eu-one' },
      clusters,
      'resource:default/edge-eu-1',
    );
    expect(verdict.name).toEqual({
      value: 'edge-eu-1',
      status: 'taken',
      takenBy: 'resource:default/edge-eu-1',
      message:
        'resource:default/edge-eu-1 already exists in the catalog: choose another name.',
      fieldMessage:
        'is taken: resource:default/edge-eu-1 already exists in the catalog',
    });
    expect(verdict.clusterLabel?.status).toBe('available');
  });

  it('refuses a label another cluster carries', () => {
    const verdict = checkEdgeNames(
      { name: 'edge-eu-3', clusterLabel: 'eu-two' },
      clusters,
    );
    expect(verdict.clusterLabel).toEqual({
      value: 'eu-two',
      defaulted: false,
      status: 'taken',
      takenBy: 'resource:default/edge-eu-2',
      message:
        'Cluster label "eu-two" is already used by resource:default/edge-eu-2: choose another one.',
      fieldMessage:
        'is already used by resource:default/edge-eu-2: choose another one',
    });
    expect(edgeNamesProblems(verdict)).toEqual([verdict.clusterLabel!.message]);
  });

  it('refuses a name that is another cluster’s label when no label is set', () => {
    expect(
      checkEdgeNames({ name: 'eu-two', clusterLabel: ' ' }, clusters)
        .clusterLabel,
    ).toMatchObject({
      defaulted: true,
      status: 'taken',
      message:
        'The name "eu-two" is already the cluster label of resource:default/edge-eu-2: choose another name, or set another cluster label.',
      fieldMessage:
        'is already the cluster label of resource:default/edge-eu-2: choose another name, or set another cluster label',
    });
  });

  it('judges a label alone, and a cluster’s own label as free', () => {
    expect(checkEdgeNames({ clusterLabel: 'eu-three' }, clusters)).toEqual({
      clusterLabel: {
        value: 'eu-three',
        status: 'available',
        defaulted: false,
      },
    });
    expect(
      checkEdgeNames({ name: 'edge-eu-2', clusterLabel: 'eu-two' }, clusters)
        .clusterLabel?.status,
    ).toBe('available');
  });

  it('says which characters a label may hold', () => {
    expect(
      checkEdgeNames({ clusterLabel: 'arn:aws:eks:x' }, clusters).clusterLabel
        ?.message,
    ).toBe(
      'Cluster label "arn:aws:eks:x" is not a valid label value: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
    );
  });

  it('asks nothing of what was not asked', () => {
    expect(checkEdgeNames({ name: '', clusterLabel: '' }, clusters)).toEqual(
      {},
    );
  });
});

describe('newClusterRef', () => {
  it('is the Resource of that name in the default namespace', () => {
    expect(newClusterRef('Edge-EU-3')).toBe('resource:default/edge-eu-3');
  });
});

describe('globalCandidateError', () => {
  const global = {
    ref: 'resource:default/global-eu',
    role: 'global' as const,
    problems: [],
  };

  it('takes a global without blocking problems', () => {
    expect(globalCandidateError(global.ref, global, true)).toBeUndefined();
  });

  it('refuses an edge, a cluster outside the fleet and an unknown ref', () => {
    expect(
      globalCandidateError(
        'resource:default/edge-eu-1',
        { ...global, ref: 'resource:default/edge-eu-1', role: 'edge' },
        true,
      ),
    ).toBe('resource:default/edge-eu-1 is an edge, not a global.');
    expect(
      globalCandidateError('resource:default/plain', undefined, true),
    ).toMatch(/is not a global of the Prometheus fleet/);
    expect(
      globalCandidateError('resource:default/mars', undefined, false),
    ).toBe('Global resource:default/mars is not in the catalog.');
  });

  it('names the problems that keep a global from taking edges', () => {
    expect(
      globalCandidateError(
        global.ref,
        {
          ...global,
          problems: [
            {
              code: 'missing-remote-write-url',
              severity: 'error',
              message: 'No URL.',
            },
          ],
        },
        true,
      ),
    ).toBe(
      'Global resource:default/global-eu cannot take edges until its problems are fixed: No URL.',
    );
  });
});
