import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskDescriptor,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * A scheduler that runs a task only when told to, inline, so that the bench
 * times exactly one poll cycle at a time. Shared by every plugin: task ids are
 * plugin-prefixed already.
 */
export class ManualScheduler implements SchedulerService {
  readonly #tasks = new Map<
    string,
    SchedulerServiceTaskInvocationDefinition & { scope?: 'global' | 'local' }
  >();
  readonly #abort = new AbortController();

  factory() {
    return createServiceFactory({
      service: coreServices.scheduler,
      deps: { lifecycle: coreServices.lifecycle },
      factory: ({ lifecycle }) => {
        lifecycle.addShutdownHook(() => this.#abort.abort());
        return this;
      },
    });
  }

  async run(id: string): Promise<void> {
    const task = this.#tasks.get(id);
    if (!task) throw new Error(`No task ${id} was scheduled`);
    await task.fn(this.#abort.signal);
  }

  async triggerTask(id: string): Promise<void> {
    await this.run(id);
  }

  async scheduleTask(
    task: SchedulerServiceTaskScheduleDefinition &
      SchedulerServiceTaskInvocationDefinition,
  ): Promise<void> {
    this.#tasks.set(task.id, task);
  }

  createScheduledTaskRunner(
    schedule: SchedulerServiceTaskScheduleDefinition,
  ): SchedulerServiceTaskRunner {
    return { run: task => this.scheduleTask({ ...task, ...schedule }) };
  }

  async cancelTask(): Promise<void> {}

  async getScheduledTasks(): Promise<SchedulerServiceTaskDescriptor[]> {
    return [...this.#tasks.values()].map(task => ({
      id: task.id,
      scope: task.scope ?? 'global',
      settings: { version: 1 },
    }));
  }
}
