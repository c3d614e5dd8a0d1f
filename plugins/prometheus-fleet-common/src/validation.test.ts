import {
  clusterLabelError,
  clusterNameError,
  tenantError,
  isValidClusterLabel,
  isValidTenant,
  quoteForMessage,
  remoteWriteUrlError,
} from './validation';

describe('remoteWriteUrlError', () => {
  it.each([
    ['https://prometheus.example.com/api/v1/write'],
    ['http://10.0.0.1:9090/api/v1/write'],
    ['http://127.0.0.1:9090/api/v1/write'],
    ['https://xn--prmetheus-n2g.example.com/api/v1/write'],
    ['http://[2001:db8::1]:9090/api/v1/write'],
  ])('accepts %s', url => {
    expect(remoteWriteUrlError(url)).toBeUndefined();
  });

  it.each([
    ['a Cyrillic letter in the host', 'https://pr\u043emetheus.example.com/w'],
    ['a zero-width space', 'https://prometheus\u200b.example.com/w'],
    ['a right-to-left override', 'https://prometheus.example.com/\u202ew'],
    ['an accented letter', 'https://prom\u00e9theus.example.com/w'],
  ])('rejects %s as not printable ASCII', (_, url) => {
    expect(remoteWriteUrlError(url)).toMatch(/printable ASCII.*xn--/);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://2852039166/', '169.254.169.254'],
    ['http://0xA9FEA9FE/', '169.254.169.254'],
    ['http://[fe80::1]:9090/api/v1/write', '[fe80::1]'],
    ['http://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe]'],
  ])('rejects the link-local address of %s', (url, host) => {
    expect(remoteWriteUrlError(url)).toBe(
      `points at ${host}, a link-local address where cloud metadata services answer, not a Prometheus`,
    );
  });
});

describe('labels and tenants that YAML 1.1 reads as other types', () => {
  // Valid, so the values must quote them: see the YAML tests of generateValues.
  it.each([
    ['yes'],
    ['No'],
    ['ON'],
    ['y'],
    ['1_000'],
    ['0b1010'],
    ['0o17'],
    ['0X1F'],
    ['1e3'],
    ['null'],
    ['true'],
    ['017'],
    ['2001-12-14'],
  ])('%s is both a valid cluster label and a valid tenant', value => {
    expect(isValidClusterLabel(value)).toBe(true);
    expect(isValidTenant(value)).toBe(true);
  });

  it('.inf is a valid tenant but not a label; ~, 1:20 and +1 are neither', () => {
    expect(isValidTenant('.inf')).toBe(true);
    expect(isValidClusterLabel('.inf')).toBe(false);
    for (const value of ['~', '1:20', '+1']) {
      expect([value, isValidClusterLabel(value), isValidTenant(value)]).toEqual(
        [value, false, false],
      );
    }
  });
});

describe('remoteWriteUrlError and $(…)', () => {
  it.each([
    ['https://$(GLOBAL_HOST)/api/v1/write'],
    ['https://prometheus.example.com/api/v1/write?tenant=$(TENANT)'],
    ['https://prometheus.example.com/$(unclosed/api/v1/write'],
  ])('rejects %s, which the config reloader would expand', url => {
    expect(remoteWriteUrlError(url)).toBe(
      'contains "$(", which the Prometheus Operator\'s config reloader expands as an environment variable; write the "$" as %24',
    );
  });

  it.each([
    ['https://prometheus.example.com/%24(TENANT)/api/v1/write'],
    ['https://prometheus.example.com/a$b/api/v1/write'],
  ])('accepts %s: no "$(" for the reloader to expand', url => {
    expect(remoteWriteUrlError(url)).toBeUndefined();
  });
});

describe('quoteForMessage', () => {
  it('escapes what is not printable ASCII, so look-alikes and invisible characters show', () => {
    expect(quoteForMessage('glob\u0430l-eu')).toBe('"glob\\u0430l-eu"');
    expect(quoteForMessage('edge\u200b\u202e\u0085')).toBe(
      '"edge\\u200b\\u202e\\u0085"',
    );
    expect(quoteForMessage('\u001b[31mred')).toBe('"\\u001b[31mred"');
    expect(quoteForMessage('édge')).toBe('"\\u00e9dge"');
  });

  it('quotes other values as JSON, briefly', () => {
    expect(quoteForMessage({ edge: true })).toBe('"{\\"edge\\":true}"');
    expect(quoteForMessage('e'.repeat(100))).toBe(`"${'e'.repeat(77)}..."`);
  });
});

describe('clusterNameError, clusterLabelError, tenantError', () => {
  it('accept valid values', () => {
    expect(clusterNameError('edge-eu-3')).toBeUndefined();
    expect(clusterLabelError('eu_3.a')).toBeUndefined();
    expect(tenantError("team-(a)*'!.")).toBeUndefined();
  });

  it('say in words which characters are allowed, never as a pattern', () => {
    const messages = [
      clusterNameError('-edge'),
      clusterNameError('e'.repeat(64)),
      clusterLabelError('a/b'),
      tenantError('team a'),
    ];
    for (const message of messages) {
      expect(message).toMatch(/use at most \d+ letters, digits/);
      expect(message).not.toMatch(/[\^$\\[\]{}]/);
    }
    expect(tenantError('team a')).toBe(
      `Tenant "team a" is not a valid tenant id: use at most 150 letters, digits or the characters ! . _ * ' ( ) -.`,
    );
  });
});
