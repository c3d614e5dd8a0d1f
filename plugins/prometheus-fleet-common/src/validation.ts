import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { escapeUnprintable } from './escape';

/**
 * Cluster label values follow the Kubernetes label-value rule (at most 63
 * characters, alphanumeric at both ends, `-`, `_` and `.` inside). Prometheus
 * itself accepts any UTF-8, but the label also ends up in Kubernetes labels,
 * file names and PromQL selectors, and this rule keeps it safe in all of them.
 */
const CLUSTER_LABEL = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/** Mimir/Cortex tenant ids: safe characters only, at most 150 of them. */
const TENANT = /^[A-Za-z0-9!._*'()-]{1,150}$/;

/** A Kubernetes Secret name (DNS subdomain). */
const SECRET_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

const MAX_URL_LENGTH = 2048;

/** @public */
export function isValidClusterLabel(value: string): boolean {
  return CLUSTER_LABEL.test(value);
}

/** @public */
export function isValidTenant(value: string): boolean {
  return TENANT.test(value);
}

/**
 * Which characters a cluster's entity name and its cluster label may hold, in
 * words, never as a pattern: the two follow the same rule (the Kubernetes
 * label-value rule). Messages say "use …" or "must be …" before it.
 *
 * @public
 */
export const CLUSTER_NAME_RULE =
  'at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';

/** Which characters a tenant id may hold, in words. @public */
export const TENANT_RULE =
  "at most 150 letters, digits or the characters ! . _ * ' ( ) -";

/**
 * Why a new cluster's entity name is unusable, as a sentence for the user,
 * or undefined when it is a valid entity name.
 *
 * @public
 */
export function clusterNameError(value: string): string | undefined {
  return KubernetesValidatorFunctions.isValidObjectName(value)
    ? undefined
    : `Name ${quoteForMessage(
        value,
      )} is not a valid entity name: use ${CLUSTER_NAME_RULE}.`;
}

/** Why a cluster label is unusable, as a sentence, or undefined. @public */
export function clusterLabelError(value: string): string | undefined {
  return isValidClusterLabel(value)
    ? undefined
    : `Cluster label ${quoteForMessage(
        value,
      )} is not a valid label value: use ${CLUSTER_NAME_RULE}.`;
}

/** Why a tenant id is unusable, as a sentence, or undefined. @public */
export function tenantError(value: string): string | undefined {
  return isValidTenant(value)
    ? undefined
    : `Tenant ${quoteForMessage(
        value,
      )} is not a valid tenant id: use ${TENANT_RULE}.`;
}

/** @public */
export function isValidSecretName(value: string): boolean {
  return SECRET_NAME.test(value);
}

/**
 * Why a remote-write URL is unusable, or undefined when it is fine: it must be
 * an absolute http(s) URL in printable ASCII, without embedded credentials
 * (those belong in a Secret), without characters that would need escaping in
 * YAML, and not at a link-local address.
 *
 * @public
 */
export function remoteWriteUrlError(value: string): string | undefined {
  if (value.length > MAX_URL_LENGTH) {
    return `is longer than ${MAX_URL_LENGTH} characters`;
  }
  // Control characters are what this looks for.
  // eslint-disable-next-line no-control-regex
  if (/[\s"'`<>\\{}|^\u0000-\u001f\u007f-\u009f]/u.test(value)) {
    return 'contains white space, quotes or control characters';
  }
  // Look-alike letters (a Cyrillic "а") and invisible characters (zero-width
  // space, bidirectional overrides) make a URL read as another host than the
  // one edges would write to.
  if (/[^\x21-\x7e]/.test(value)) {
    return 'contains characters other than printable ASCII; write an international host name in its xn-- form';
  }
  // The Prometheus Operator's config reloader replaces $(NAME) with the
  // environment variable NAME, so edges would write to another URL.
  if (value.includes('$(')) {
    return 'contains "$(", which the Prometheus Operator\'s config reloader expands as an environment variable; write the "$" as %24';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `uses scheme "${url.protocol.slice(
      0,
      -1,
    )}"; only http and https are allowed`;
  }
  if (url.username || url.password) {
    return 'embeds credentials; reference a Secret with the remote-write-auth annotation instead';
  }
  if (isLinkLocal(url.hostname)) {
    return `points at ${url.hostname}, a link-local address where cloud metadata services answer, not a Prometheus`;
  }
  return undefined;
}

/**
 * 169.254.0.0/16, fe80::/10 and IPv4-mapped 169.254.x.x. The URL parser has
 * already written other spellings (2852039166, 0xA9FEA9FE) as dotted quads.
 */
function isLinkLocal(hostname: string): boolean {
  return (
    /^169\.254\.\d+\.\d+$/.test(hostname) ||
    /^\[(fe[89ab][0-9a-f]:|::ffff:a9fe:)/i.test(hostname)
  );
}

/**
 * Quotes a user-supplied value for a problem message, visibly and briefly:
 * anything but printable ASCII is escaped (`\u0430`), so that a look-alike
 * letter, an invisible character or a terminal control sequence shows as
 * what it is instead of passing for something else.
 *
 * @public
 */
export function quoteForMessage(value: unknown): string {
  const text =
    typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return escapeUnprintable(JSON.stringify(shown));
}
