import {
  GlobalRulesState,
  GlobalRulesView,
  ObservedProblem,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

/** An edge's health from one poll cycle. */
export interface EdgeHealthRecord {
  ref: string;
  health: QueueHealth;
}

/** Everything one poll cycle learnt. */
export interface PollCycleRecord {
  observedAt: Date;
  healths: EdgeHealthRecord[];
  /** Replace the previous cycle's observed problems. */
  problems: ObservedProblem[];
  /** Whether these globals evaluate the generated rules; others keep what was seen before. */
  globalRules?: GlobalRulesRecord[];
}

/** Whether a global evaluates the generated rules, as one cycle saw it. */
export interface GlobalRulesRecord {
  ref: string;
  state: GlobalRulesState;
}

export interface HistoryQuery {
  from: Date;
  to: Date;
  /** More points than this in the range are downsampled to this many. */
  maxPoints: number;
}

export interface HealthHistory {
  /** Oldest first. */
  points: QueueHealth[];
  /** How many points the range holds before downsampling. */
  totalPoints: number;
  downsampled: boolean;
}

/** Queue health the poller records and the API reads. */
export interface HealthStore {
  recordCycle(cycle: PollCycleRecord): Promise<void>;
  /** Latest health of each of these edges that has one. */
  latest(refs: readonly string[]): Promise<Map<string, QueueHealth>>;
  /**
   * Changes whenever the latest health does, whichever backend instance
   * recorded or deleted it: far cheaper than reading the health itself.
   */
  latestRevision(): Promise<string>;
  history(ref: string, query: HistoryQuery): Promise<HealthHistory>;
  /** The problems the last cycle observed. */
  observedProblems(): Promise<ObservedProblem[]>;
  /** Whether each of these globals that a poll could tell about evaluates the generated rules. */
  globalRules(refs: readonly string[]): Promise<Map<string, GlobalRulesView>>;
  /** Deletes history (and latest health of edges gone since) older than the cutoff; returns the rows deleted. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
