import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { GlobalEdgesCard } from './GlobalEdgesCard';

/** Overview card of a global: its edges and their queue health. */
export function EntityPrometheusFleetGlobalCard() {
  const { entity } = useEntity();
  return <GlobalEdgesCard globalRef={stringifyEntityRef(entity)} />;
}
