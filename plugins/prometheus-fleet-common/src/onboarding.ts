import { stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_ROLE, CLUSTER_RESOURCE_TYPE } from './annotations';
import { hasBlockingProblems } from './fleet';
import { ClusterProblem, FleetCluster } from './types';
import {
  CLUSTER_NAME_RULE,
  clusterLabelError,
  clusterNameError,
  quoteForMessage,
} from './validation';

/** What a form says after a name or label field's title when the value breaks the rule. @public */
export const CLUSTER_NAME_FIELD_MESSAGE = `must be ${CLUSTER_NAME_RULE}`;

/**
 * What a new edge is checked for before it is created, in the onboarding
 * form (through `GET /availability`) and again by the scaffolder action, with
 * the same sentences: whether its name and cluster label are valid and free.
 *
 * @public
 */
export interface EdgeNamesRequest {
  /** Entity name of the new cluster (its Resource in the default namespace). */
  name?: string;
  /** Its cluster label; when absent or empty the name is the label. */
  clusterLabel?: string;
}

/**
 * The verdict on one name: `available` (valid and free), `invalid` (not
 * allowed as written) or `taken` (held by another entity or cluster).
 *
 * @public
 */
export type NameCheckStatus = 'available' | 'invalid' | 'taken';

/** @public */
export interface NameCheck {
  /** The value judged, trimmed. */
  value: string;
  status: NameCheckStatus;
  /** A sentence saying why it is not available, naming the value. */
  message?: string;
  /**
   * The same as a predicate, for a form to put after the field's title
   * (`'Cluster label' is already used by …`), as it does its own messages.
   */
  fieldMessage?: string;
  /** When taken: the entity ref of the entity or cluster holding it. */
  takenBy?: string;
}

/**
 * What `GET /availability` returns, each part present when it was asked
 * about. `clusterLabel` judges the label the edge would carry: the one given,
 * else its name (`defaulted`).
 *
 * @public
 */
export interface EdgeNamesAvailability {
  name?: NameCheck;
  clusterLabel?: NameCheck & { defaulted: boolean };
}

/** What the checks need to know of the fleet: who holds which label. @public */
export type ClusterLabelHolder = Pick<FleetCluster, 'ref' | 'clusterLabel'>;

/** The entity ref a new cluster named `name` gets: a Resource in the default namespace. @public */
export function newClusterRef(name: string): string {
  return stringifyEntityRef({ kind: 'Resource', namespace: 'default', name });
}

/** Forms send cleared fields as empty strings: those count as not given. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function labelCheck(
  label: string,
  defaulted: boolean,
  name: string | undefined,
  clusters: readonly ClusterLabelHolder[],
): NameCheck & { defaulted: boolean } {
  const error = clusterLabelError(label);
  if (error) {
    // A defaulted label is the name, whose own check says what is wrong.
    return {
      value: label,
      defaulted,
      status: 'invalid',
      message: defaulted && name ? clusterNameError(name) ?? error : error,
      fieldMessage: CLUSTER_NAME_FIELD_MESSAGE,
    };
  }
  const ownRef = name ? newClusterRef(name) : undefined;
  const holder = clusters.find(
    cluster => cluster.clusterLabel === label && cluster.ref !== ownRef,
  );
  if (!holder) {
    return { value: label, defaulted, status: 'available' };
  }
  return {
    value: label,
    defaulted,
    status: 'taken',
    takenBy: holder.ref,
    message: defaulted
      ? `The name ${quoteForMessage(label)} is already the cluster label of ${
          holder.ref
        }: choose another name, or set another cluster label.`
      : `Cluster label ${quoteForMessage(label)} is already used by ${
          holder.ref
        }: choose another one.`,
    fieldMessage: defaulted
      ? `is already the cluster label of ${holder.ref}: choose another name, or set another cluster label`
      : `is already used by ${holder.ref}: choose another one`,
  };
}

/**
 * Judges a new edge's name and cluster label against the fleet the caller
 * can see. Pure: the caller looks the name up in the catalog (a Resource of
 * any type may hold it) and passes what it found.
 *
 * @param request - the name and/or cluster label asked about
 * @param clusters - the fleet's clusters, for their cluster labels
 * @param nameTakenBy - the ref of the catalog entity already named so, if any
 * @public
 */
export function checkEdgeNames(
  request: EdgeNamesRequest,
  clusters: readonly ClusterLabelHolder[],
  nameTakenBy?: string,
): EdgeNamesAvailability {
  const result: EdgeNamesAvailability = {};
  const name = given(request.name);
  const label = given(request.clusterLabel);
  if (name !== undefined) {
    const error = clusterNameError(name);
    if (error) {
      result.name = {
        value: name,
        status: 'invalid',
        message: error,
        fieldMessage: CLUSTER_NAME_FIELD_MESSAGE,
      };
    } else if (nameTakenBy) {
      result.name = {
        value: name,
        status: 'taken',
        takenBy: nameTakenBy,
        message: `${nameTakenBy} already exists in the catalog: choose another name.`,
        fieldMessage: `is taken: ${nameTakenBy} already exists in the catalog`,
      };
    } else {
      result.name = { value: name, status: 'available' };
    }
  }
  const effectiveLabel = label ?? name;
  if (effectiveLabel !== undefined) {
    result.clusterLabel = labelCheck(
      effectiveLabel,
      label === undefined,
      name,
      clusters,
    );
  }
  return result;
}

/** The sentences of every part of a verdict that is not available. @public */
export function edgeNamesProblems(verdict: EdgeNamesAvailability): string[] {
  const problems: string[] = [];
  if (verdict.name?.message) problems.push(verdict.name.message);
  const label = verdict.clusterLabel;
  // An invalid defaulted label repeats the name's own message.
  if (
    label?.message &&
    !(label.defaulted && label.status === 'invalid' && verdict.name?.message)
  ) {
    problems.push(label.message);
  }
  return problems;
}

/** What is needed of a fleet cluster to tell whether it can take new edges. @public */
export type GlobalCandidate = Pick<FleetCluster, 'ref' | 'role'> & {
  problems: ClusterProblem[];
};

/**
 * Why a cluster cannot be a new edge's global, as a sentence, or undefined
 * when it can take edges. `candidate` is the fleet's cluster of that ref,
 * undefined when the fleet has none; `inCatalog` says whether the catalog
 * holds an entity of that ref anyway (one outside the fleet).
 *
 * @public
 */
export function globalCandidateError(
  ref: string,
  candidate: GlobalCandidate | undefined,
  inCatalog: boolean,
): string | undefined {
  if (!candidate) {
    return inCatalog
      ? `${ref} is not a global of the Prometheus fleet: a global is a Resource of type ${CLUSTER_RESOURCE_TYPE} annotated ${ANNOTATION_ROLE}: global.`
      : `Global ${ref} is not in the catalog.`;
  }
  if (candidate.role !== 'global') {
    return `${ref} is an ${candidate.role}, not a global.`;
  }
  if (hasBlockingProblems(candidate)) {
    const errors = candidate.problems.filter(p => p.severity === 'error');
    return `Global ${ref} cannot take edges until its problems are fixed: ${errors
      .map(p => p.message)
      .join(' ')}`;
  }
  return undefined;
}
