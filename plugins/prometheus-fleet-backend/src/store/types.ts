import {
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
  /** Deletes history (and latest health of edges gone since) older than the cutoff; returns the rows deleted. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
