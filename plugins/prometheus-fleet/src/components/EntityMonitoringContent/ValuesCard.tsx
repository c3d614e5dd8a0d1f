import {
  CodeSnippet,
  CopyTextButton,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  ClusterView,
  ENGINE_TRAITS,
  GeneratedValues,
  HELM_REPO_COMMANDS,
} from 'backstage-plugin-prometheus-fleet-common';
import useAsync from 'react-use/esm/useAsync';
import { prometheusFleetApiRef } from '../../api';
import { hasStatus, serverMessage } from '../shared/errors';
import { ProblemList } from '../shared/ProblemList';
import { downloadText } from './download';

const TITLES = {
  edge: 'Onboarding values',
  global: 'Receiver values',
};

const INTROS = {
  edge: 'Install kube-prometheus-stack on this cluster with these values: Prometheus runs as an agent, scrapes the pods annotated prometheus.io/scrape=true and remote-writes every series, labelled with its cluster, to the global.',
  global:
    'Install kube-prometheus-stack on this cluster with these values: Prometheus accepts remote write from the edges of the fleet.',
};

export function ValuesCard(props: { cluster: ClusterView }) {
  const { cluster } = props;
  const api = useApi(prometheusFleetApiRef);
  const { value, loading, error } = useAsync(
    () => api.getValues({ namespace: cluster.namespace, name: cluster.name }),
    [api, cluster.namespace, cluster.name],
  );

  return (
    <InfoCard
      title={value?.onboarding ? 'Receiver setup' : TITLES[cluster.role]}
      subheader={value && subheaderOf(value)}
    >
      {loading && <Progress />}
      {error &&
        (hasStatus(error, 409) ? (
          <BlockedValues cluster={cluster} reason={serverMessage(error)} />
        ) : (
          <ResponseErrorPanel error={error} />
        ))}
      {value &&
        (value.onboarding ? (
          <EngineSetup onboarding={value.onboarding} />
        ) : (
          <GeneratedValuesView role={cluster.role} values={value} />
        ))}
    </InfoCard>
  );
}

/** A global that is not a Prometheus names its engine; everything else installs the chart. */
function subheaderOf(values: GeneratedValues): string {
  return values.onboarding && values.engine
    ? `Runs ${ENGINE_TRAITS[values.engine].name}: nothing to install with Helm`
    : `kube-prometheus-stack chart ${values.chartVersion}`;
}

/** What to configure on a global's engine, one sentence per paragraph. */
function EngineSetup(props: { onboarding: string }) {
  return (
    <>
      {props.onboarding.split(/(?<=\.) (?=[A-Z])/).map(sentence => (
        <Typography key={sentence} variant="body2" paragraph>
          {sentence}
        </Typography>
      ))}
    </>
  );
}

function BlockedValues(props: { cluster: ClusterView; reason: string }) {
  const blocking = props.cluster.problems.filter(
    problem => problem.severity === 'error',
  );
  return (
    <WarningPanel
      severity="error"
      title="Values cannot be generated until these problems are fixed"
      message={props.reason}
      defaultExpanded
    >
      {blocking.length > 0 && <ProblemList problems={blocking} />}
    </WarningPanel>
  );
}

function GeneratedValuesView(props: {
  role: ClusterView['role'];
  values: GeneratedValues;
}) {
  const { values } = props;
  const repoCommands = HELM_REPO_COMMANDS.join('\n');
  return (
    <>
      <Typography variant="body2" paragraph>
        {INTROS[props.role]}
      </Typography>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle2">{values.fileName}</Typography>
        <Button
          variant="outlined"
          size="small"
          startIcon={<GetAppIcon />}
          onClick={() =>
            downloadText(values.fileName, values.yaml, 'application/yaml')
          }
        >
          Download {values.fileName}
        </Button>
      </Box>
      <CodeSnippet
        text={values.yaml}
        language="yaml"
        showCopyCodeButton
        showLineNumbers
      />
      <Box mt={2} display="flex" alignItems="center">
        <Typography variant="subtitle2">
          Add the chart's repository, once per machine:
        </Typography>
        <CopyTextButton
          text={repoCommands}
          aria-label="Copy helm repo commands"
          tooltipText="Helm repo commands copied to clipboard"
        />
      </Box>
      <CodeSnippet text={repoCommands} language="bash" wrapLongLines />
      <Box mt={2} display="flex" alignItems="center">
        <Typography variant="subtitle2">
          Then run, with kubectl pointing at this cluster:
        </Typography>
        <CopyTextButton
          text={values.helmCommand}
          aria-label="Copy helm command"
          tooltipText="Helm command copied to clipboard"
        />
      </Box>
      <CodeSnippet text={values.helmCommand} language="bash" wrapLongLines />
    </>
  );
}
