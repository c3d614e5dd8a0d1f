export * from './classify';
export * from './drift';
export * from './format';
export * from './onboarding';
export * from './parse';
export * from './parseRecorded';
export {
  buildQueueHealthQueries,
  InvalidDurationError,
  QUANTITY_LABEL,
  QUEUE_HEALTH_QUANTITIES,
  QUEUE_HEALTH_QUERY_IDS,
  RULES_INFO_QUANTITY,
  SERVER_LABELS,
} from './queries';
export type {
  QueueHealthQuantity,
  QueueHealthQuery,
  QueueHealthQueryId,
  QueueHealthQueryOptions,
} from './queries';
export { RECORDED_QUEUE_HEALTH_QUERIES } from './recordedQueries';
export type { RecordedQueueHealthQuery } from './recordedQueries';
export * from './shards';
export { HEALTH_STATUSES_WORST_FIRST } from './statusOrder';
export { splitResponsesByTenant } from './tenants';
export * from './thresholds';
export * from './types';
export {
  buildUnrecordedEdgesQuery,
  withUnrecordedEdges,
} from './unrecordedEdges';
