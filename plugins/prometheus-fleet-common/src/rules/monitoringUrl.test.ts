import { monitoringUrl } from './monitoringUrl';

describe('monitoringUrl', () => {
  it('links to the Monitoring tab as the catalog routes entity pages', () => {
    expect(
      monitoringUrl('https://backstage.example.com', {
        namespace: 'Prod',
        name: 'edge eu/1',
      }),
    ).toBe(
      'https://backstage.example.com/catalog/prod/resource/edge%20eu%2F1/monitoring',
    );
  });
});
