import { inRepositoryQueue } from './localGit';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('inRepositoryQueue', () => {
  it('starts a task on a repository only after the previous one settled', async () => {
    const first = deferred();
    const started: string[] = [];
    const firstDone = inRepositoryQueue('/repo-a', async () => {
      started.push('first');
      await first.promise;
    });
    const secondDone = inRepositoryQueue('/repo-a', async () => {
      started.push('second');
    });
    const otherDone = inRepositoryQueue('/repo-b', async () => {
      started.push('other repository');
    });

    await otherDone;
    expect(started).toEqual(['first', 'other repository']);

    first.resolve();
    await Promise.all([firstDone, secondDone]);
    expect(started).toEqual(['first', 'other repository', 'second']);
  });

  it('runs the next task after one that failed', async () => {
    const failing = deferred();
    const failed = inRepositoryQueue('/repo-c', () => failing.promise);
    const next = inRepositoryQueue('/repo-c', async () => 'ran');

    failing.reject(new Error('commit failed'));

    await expect(failed).rejects.toThrow('commit failed');
    await expect(next).resolves.toBe('ran');
  });
});
