import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FleetProblem,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { PROBLEM_FIXES } from '../shared/problemFixes';

type AnyFleetProblem = FleetProblem | ObservedProblem;

const columns: TableColumn<AnyFleetProblem>[] = [
  {
    title: 'Severity',
    field: 'severity',
    render: problem =>
      problem.severity === 'error' ? (
        <StatusError>error</StatusError>
      ) : (
        <StatusWarning>warning</StatusWarning>
      ),
  },
  {
    title: 'Entity',
    field: 'ref',
    render: problem => <EntityRefLink entityRef={problem.ref} />,
  },
  { title: 'Problem', field: 'message' },
  {
    title: 'How to fix',
    render: problem => PROBLEM_FIXES[problem.code] ?? '—',
  },
];

/** Every problem of the fleet, each with the entity to fix and how. */
export function FleetProblemsCard(props: { problems: AnyFleetProblem[] }) {
  const { problems } = props;
  if (!problems.length) {
    return (
      <InfoCard title="Fleet problems">
        <StatusOK>
          No problems: every cluster's fleet annotations are valid.
        </StatusOK>
      </InfoCard>
    );
  }
  return (
    <Table<AnyFleetProblem>
      title={`Fleet problems (${problems.length})`}
      columns={columns}
      data={problems}
      options={{
        paging: problems.length > 10,
        pageSize: 10,
        pageSizeOptions: [10, 20, 50],
        search: true,
        padding: 'dense',
        emptyRowsWhenPaging: false,
      }}
    />
  );
}
