import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { OnboardingOutputs, outputSegments } from './OnboardingOutputs';

const helm =
  'helm upgrade --install prometheus prometheus-community/kube-prometheus-stack --version 88.5.3 --namespace monitoring --create-namespace --values values-edge-eu-3.yaml';

describe('outputSegments', () => {
  it('splits markdown at its fenced code blocks', () => {
    expect(
      outputSegments(
        `Committed to \`/srv/x\`.\n\n\`\`\`sh\nhelm repo add a b\n${helm}\n\`\`\`\n\nThen wait.\n`,
      ),
    ).toEqual([
      { markdown: 'Committed to `/srv/x`.' },
      { code: `helm repo add a b\n${helm}`, language: 'sh' },
      { markdown: 'Then wait.' },
    ]);
  });

  it('keeps markdown without a fence whole', () => {
    expect(outputSegments('Just **text**.')).toEqual([
      { markdown: 'Just **text**.' },
    ]);
  });
});

describe('OnboardingOutputs', () => {
  it('shows the links and each command with a copy button', async () => {
    await renderInTestApp(
      <OnboardingOutputs
        output={{
          links: [{ title: 'Open its Monitoring tab', url: '/x' }],
          text: [
            {
              title: 'Install the edge Prometheus',
              content: `Install it:\n\n\`\`\`sh\n${helm}\n\`\`\`\n`,
            },
          ],
        }}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(
      screen.getByRole('heading', { name: 'Install the edge Prometheus' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Open its Monitoring tab')).toBeInTheDocument();
    expect(
      await screen.findByText(/helm upgrade --install/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
  });
});
