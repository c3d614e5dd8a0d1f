/**
 * Fleet resolution, kube-prometheus-stack values generation and queue-health
 * classification for the Prometheus Fleet plugins. Pure and isomorphic.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './config';
export * from './engines';
export * from './fleet';
export * from './fleetLookup';
export * from './onboarding';
export * from './types';
export * from './validation';
export * from './values';
export * from './rules';
export * from './health';
