import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  clusterLabelError,
  clusterNameError,
  newClusterRef,
  quoteForMessage,
  tenantError,
} from 'backstage-plugin-prometheus-fleet-common';

/** The onboarding action's input, as the template passes it. */
export interface EdgeInput {
  name: string;
  global: string;
  owner: string;
  clusterLabel?: string;
  tenant?: string;
  title?: string;
  description?: string;
  /** A whole number; forms may send it as a number or a string. */
  maxShards?: number | string;
  apiServer?: string;
  apiServerCertificateAuthority?: string;
  authProvider?: string;
}

/** A validated onboarding request, refs in their canonical form. */
export interface EdgeRequest {
  name: string;
  ref: string;
  global: string;
  owner: string;
  clusterLabel: string;
  /** False when the label defaults to the name. */
  labelGiven: boolean;
  tenant?: string;
  title?: string;
  description?: string;
  /** The max-shards annotation as given; the fleet's own rules judge it. */
  maxShards?: string;
  apiServer?: string;
  apiServerCertificateAuthority?: string;
  authProvider?: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const AUTH_PROVIDER = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

/** Forms send cleared fields as empty strings: those count as not given. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function canonicalRef(value: string, defaultKind: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

function apiServerError(value: string): string | undefined {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['https:', 'http:'].includes(url.protocol)) {
    return 'is not an http(s) URL such as https://kube.example.com:6443';
  }
  if (url.username || url.password) {
    return 'must not embed credentials';
  }
  return undefined;
}

/**
 * Checks everything about the input that needs no catalog, and reports every
 * mistake at once rather than one per attempt.
 *
 * @throws InputError listing each invalid field.
 */
export function parseEdgeInput(input: EdgeInput): EdgeRequest {
  const problems: string[] = [];
  const name = input.name?.trim() ?? '';
  const nameProblem = clusterNameError(name);
  if (nameProblem) problems.push(nameProblem);
  const global = canonicalRef(input.global ?? '', 'resource');
  if (!global) {
    problems.push(
      `Global ${quoteForMessage(
        input.global,
      )} is not an entity ref (e.g. resource:default/global-eu).`,
    );
  }
  const owner = canonicalRef(input.owner ?? '', 'group');
  if (!owner) {
    problems.push(
      `Owner ${quoteForMessage(
        input.owner,
      )} is not an entity ref (e.g. group:default/platform-team).`,
    );
  }
  const labelInput = given(input.clusterLabel);
  const clusterLabel = labelInput ?? name;
  const labelProblem = labelInput && clusterLabelError(labelInput);
  if (labelProblem) problems.push(labelProblem);
  const tenant = given(input.tenant);
  const tenantProblem = tenant && tenantError(tenant);
  if (tenantProblem) problems.push(tenantProblem);
  const apiServer = given(input.apiServer);
  const apiServerProblem = apiServer && apiServerError(apiServer);
  if (apiServerProblem) {
    problems.push(
      `Kubernetes API server ${quoteForMessage(
        apiServer,
      )} ${apiServerProblem}.`,
    );
  }
  const certificateAuthority = given(input.apiServerCertificateAuthority);
  if (certificateAuthority && !BASE64.test(certificateAuthority)) {
    problems.push(
      'The API server certificate authority must be the base64-encoded PEM certificate, on one line.',
    );
  }
  const authProvider = given(input.authProvider);
  if (authProvider && !AUTH_PROVIDER.test(authProvider)) {
    problems.push(
      `Auth provider ${quoteForMessage(
        authProvider,
      )} is not a Kubernetes plugin auth provider name (e.g. serviceAccount, oidc, aws, google).`,
    );
  }
  if (problems.length > 0 || !global || !owner) {
    throw new InputError(problems.join(' '));
  }
  return {
    name,
    ref: newClusterRef(name),
    global,
    owner,
    clusterLabel,
    labelGiven: labelInput !== undefined,
    tenant,
    title: given(input.title),
    description: given(input.description),
    maxShards: given(
      input.maxShards === undefined ? undefined : String(input.maxShards),
    ),
    apiServer,
    apiServerCertificateAuthority: certificateAuthority,
    authProvider,
  };
}
