export interface Options {
  edges: number;
  quick: boolean;
  cycles: number;
  clients: number;
  apiSeconds: number;
  naiveSample: number;
  naiveConcurrency: number;
  historyMinutes: number;
  rebuildApp: boolean;
  /** Also poll with the generated rules loaded on the global, after the raw poll. */
  rules: boolean;
  /** Edges spread over this many tenants of a Mimir-like global read `per-tenant`; 0: one Prometheus. */
  tenants: number;
}

export function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const whole = (name: string, fallback: number) => {
    const raw = value(name);
    const number = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(number) || number < 1) {
      throw new Error(`--${name} must be a positive whole number, not ${raw}`);
    }
    return number;
  };
  const known = new Set([
    'edges',
    'cycles',
    'clients',
    'api-seconds',
    'naive-sample',
    'history-minutes',
    'tenants',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (known.has(name)) i++;
    else if (!['quick', 'rebuild-app', 'rules'].includes(name))
      throw new Error(`Unknown option ${argv[i]}`);
  }
  const quick = argv.includes('--quick');
  const edges = whole('edges', 1000);
  const tenants = value('tenants') === undefined ? 0 : whole('tenants', 0);
  if (tenants > edges) {
    throw new Error(`--tenants ${tenants} leaves tenants without edges`);
  }
  // The generated rules are a Prometheus global's: tenants are read raw.
  if (tenants && argv.includes('--rules')) {
    throw new Error('--rules and --tenants do not go together');
  }
  return {
    edges,
    quick,
    cycles: whole('cycles', quick ? 3 : 5),
    clients: whole('clients', 20),
    apiSeconds: whole('api-seconds', quick ? 5 : 30),
    naiveSample: Math.min(edges, whole('naive-sample', quick ? 20 : 200)),
    naiveConcurrency: 4,
    // Under an hour: Prometheus refuses samples older than an hour before its newest.
    historyMinutes: Math.min(59, whole('history-minutes', quick ? 10 : 55)),
    rebuildApp: argv.includes('--rebuild-app'),
    rules: argv.includes('--rules'),
    tenants,
  };
}
