import { EntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * An edge's global: a link to its entity, or its bare ref when the viewer
 * may not read it in the catalog, where a link would only lead to "not found".
 */
export function GlobalRef(props: {
  entityRef: string;
  readable?: false;
  hideIcon?: boolean;
}) {
  if (props.readable === false) {
    return <code>{props.entityRef}</code>;
  }
  return (
    <EntityRefLink entityRef={props.entityRef} hideIcon={props.hideIcon} />
  );
}
