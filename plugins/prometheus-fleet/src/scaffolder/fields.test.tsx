import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { fireEvent, screen } from '@testing-library/react';
import { EdgeNamesAvailability } from 'backstage-plugin-prometheus-fleet-common';
import { prometheusFleetApiRef } from '../api';
import { mockFleetApi } from '../testUtils/fixtures';
import {
  clusterLabelFieldOptions,
  clusterNameFieldOptions,
  globalPickerFieldOptions,
} from './fields';
import { globalCluster } from '../testUtils/fixtures';

const taken: EdgeNamesAvailability = {
  name: {
    value: 'edge-eu-1',
    status: 'taken',
    takenBy: 'resource:default/edge-eu-1',
    message: 'resource:default/edge-eu-1 already exists in the catalog.',
    fieldMessage: 'is taken: resource:default/edge-eu-1 already exists',
  },
  clusterLabel: {
    value: 'edge-eu-1',
    defaulted: true,
    status: 'taken',
    takenBy: 'resource:default/edge-eu-1',
    message: 'The name "edge-eu-1" is already the cluster label of …',
    fieldMessage: 'is already the cluster label of resource:default/edge-eu-1',
  },
};

function apiHolder(api: ReturnType<typeof mockFleetApi>) {
  return {
    get: (ref: { id: string }) =>
      ref.id === prometheusFleetApiRef.id ? api : undefined,
  } as any;
}

async function validate(
  options: typeof clusterNameFieldOptions,
  value: string,
  formData: Parameters<
    NonNullable<typeof clusterNameFieldOptions.validation>
  >[2]['formData'],
  api = mockFleetApi(),
) {
  const field = createFieldValidation();
  await options.validation!(value, field, {
    apiHolder: apiHolder(api),
    formData,
    schema: {},
  });
  return field.__errors;
}

describe('the name and cluster label fields, on "Next"', () => {
  it('say which characters are allowed, without asking the backend', async () => {
    const api = mockFleetApi();
    expect(
      await validate(clusterNameFieldOptions, 'edge eu 3', {}, api),
    ).toEqual([
      'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ]);
    expect(api.checkAvailability).not.toHaveBeenCalled();
  });

  it('refuse a name the catalog holds, and one that is another cluster’s label', async () => {
    const api = mockFleetApi();
    api.checkAvailability.mockResolvedValue(taken);

    expect(
      await validate(clusterNameFieldOptions, 'edge-eu-1', {}, api),
    ).toEqual([taken.name!.fieldMessage, taken.clusterLabel!.fieldMessage]);
    expect(api.checkAvailability).toHaveBeenCalledWith({
      name: 'edge-eu-1',
      clusterLabel: undefined,
    });
  });

  it('judge the label field by the label it was given, with the name beside it', async () => {
    const api = mockFleetApi();
    api.checkAvailability.mockResolvedValue({
      clusterLabel: {
        value: 'eu-two',
        defaulted: false,
        status: 'taken',
        fieldMessage: 'is already used by resource:default/edge-eu-2',
      },
    });

    expect(
      await validate(
        clusterLabelFieldOptions,
        'eu-two',
        { name: 'edge-eu-3' },
        api,
      ),
    ).toEqual(['is already used by resource:default/edge-eu-2']);
    expect(api.checkAvailability).toHaveBeenCalledWith({
      name: 'edge-eu-3',
      clusterLabel: 'eu-two',
    });
    // No label given: the name field answers for it.
    expect(await validate(clusterLabelFieldOptions, '', {}, api)).toEqual([]);
  });

  it('let the action judge when the backend cannot be asked', async () => {
    const api = mockFleetApi();
    api.checkAvailability.mockRejectedValue(new Error('offline'));

    expect(
      await validate(clusterNameFieldOptions, 'edge-eu-3', {}, api),
    ).toEqual([]);
  });
});

describe('the name field, as the user types', () => {
  function renderField(api: ReturnType<typeof mockFleetApi>) {
    const onChange = jest.fn();
    const Field = clusterNameFieldOptions.component;
    const view = (value?: string) => (
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <Field
          {...({} as any)}
          name="name"
          formData={value}
          onChange={onChange}
          schema={{ title: 'Name', description: 'Catalog name' }}
          uiSchema={{}}
          rawErrors={[]}
          idSchema={{ $id: 'root_name' } as any}
          formContext={{ formData: {} }}
          required
        />
      </TestApiProvider>
    );
    return { view, onChange };
  }

  it('says at once which characters are allowed', async () => {
    const api = mockFleetApi();
    const { view } = renderField(api);
    await renderInTestApp(view('edge eu 3'));

    expect(
      screen.getByText(
        'Name must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
      ),
    ).toBeInTheDocument();
  });

  it('says whether the name is free once typing pauses', async () => {
    const api = mockFleetApi();
    api.checkAvailability.mockResolvedValue(taken);
    const { view, onChange } = renderField(api);
    await renderInTestApp(view('edge-eu-1'));

    expect(
      await screen.findByText(
        `Name ${taken.name!.fieldMessage}; ${
          taken.clusterLabel!.fieldMessage
        }.`,
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'edge-eu-3' },
    });
    expect(onChange).toHaveBeenCalledWith('edge-eu-3');
  });

  it('says a free name is free', async () => {
    const api = mockFleetApi();
    api.checkAvailability.mockResolvedValue({
      name: { value: 'edge-eu-3', status: 'available' },
    });
    const { view } = renderField(api);
    await renderInTestApp(view('edge-eu-3'));

    expect(
      await screen.findByText('No entity is named edge-eu-3 yet.'),
    ).toBeInTheDocument();
  });
});

describe('the global picker', () => {
  it('shows globals by title, greying out those that cannot take edges', async () => {
    const api = mockFleetApi();
    api.listClusters.mockResolvedValue([
      globalCluster({ title: 'Global EU' }),
      globalCluster({
        ref: 'resource:default/global-us',
        name: 'global-us',
        problems: [
          {
            code: 'missing-remote-write-url',
            severity: 'error',
            message: 'No remote-write URL.',
          },
        ],
      }),
    ]);
    const Field = globalPickerFieldOptions.component;
    await renderInTestApp(
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <Field
          {...({} as any)}
          name="global"
          formData="resource:default/global-eu"
          onChange={jest.fn()}
          schema={{ title: 'Global' }}
          uiSchema={{}}
          rawErrors={[]}
          idSchema={{ $id: 'root_global' } as any}
        />
      </TestApiProvider>,
    );

    expect(await screen.findByDisplayValue('Global EU')).toBeInTheDocument();
    expect(screen.getByText('resource:default/global-eu')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('textbox', { name: 'Global' }));
    expect(
      await screen.findByText(
        'resource:default/global-us: Global resource:default/global-us cannot take edges until its problems are fixed: No remote-write URL.',
      ),
    ).toBeInTheDocument();
  });
});
