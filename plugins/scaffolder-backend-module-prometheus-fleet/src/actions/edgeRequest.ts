import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isValidClusterLabel,
  isValidTenant,
  quoteForMessage,
} from 'backstage-plugin-prometheus-fleet-common';

/** The onboarding action's input, as the template passes it. */
export interface EdgeInput {
  name: string;
  global: string;
  owner: string;
  clusterLabel?: string;
  tenant?: string;
  description?: string;
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
  description?: string;
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
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
    problems.push(
      `Name ${quoteForMessage(
        name,
      )} is not a valid entity name: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`,
    );
  }
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
  if (labelInput !== undefined && !isValidClusterLabel(labelInput)) {
    problems.push(
      `Cluster label ${quoteForMessage(
        labelInput,
      )} is not a valid label value: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`,
    );
  }
  const tenant = given(input.tenant);
  if (tenant !== undefined && !isValidTenant(tenant)) {
    problems.push(
      `Tenant ${quoteForMessage(
        tenant,
      )} is not a valid tenant id: use at most 150 letters, digits or !._*'()-.`,
    );
  }
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
    ref: stringifyEntityRef({ kind: 'resource', namespace: 'default', name }),
    global,
    owner,
    clusterLabel,
    labelGiven: labelInput !== undefined,
    tenant,
    description: given(input.description),
    apiServer,
    apiServerCertificateAuthority: certificateAuthority,
    authProvider,
  };
}
