export * from './classify';
export * from './drift';
export * from './format';
export * from './parse';
export * from './queries';
export * from './shards';
export * from './thresholds';
export * from './types';
