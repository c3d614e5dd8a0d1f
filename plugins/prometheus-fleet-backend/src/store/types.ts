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
  /** Onboarding facts learnt this cycle; facts recorded before are never changed. */
  onboarding?: OnboardingRecord;
}

/** What a cycle learnt of the edges' onboarding, each fact recorded at the cycle's time. */
export interface OnboardingRecord {
  /** Edges seen for the first time: recorded as first seen unless another instance was first. */
  seen: readonly string[];
  /** Edges whose global holds a sample from them: their first report, unless recorded before. */
  reported: readonly string[];
}

/** When the fleet first saw an edge, and first found a sample from it at its global. */
export interface EdgeOnboardingFacts {
  firstSeenAt: Date;
  /** Null while the edge has never reported. */
  firstReportedAt: Date | null;
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
  /** The onboarding facts of each of these edges that a cycle has recorded. */
  onboarding(
    refs: readonly string[],
  ): Promise<Map<string, EdgeOnboardingFacts>>;
  /**
   * Deletes history (and latest health of edges gone since) older than the
   * cutoff, and the onboarding facts of edges first seen before it that have
   * no latest health left; returns the rows deleted.
   */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
