/**
 * The series a global's rules record, per edge queue (labels `cluster`,
 * `remote_name`, `url`) unless said otherwise. Dashboards and other rules may
 * use them: the names are stable.
 *
 * @public
 */
export const FLEET_SERIES = {
  /** Seconds the queue's newest sent sample is behind its newest sample. */
  lag: 'prometheus_fleet:remote_write_lag_seconds',
  shards: 'prometheus_fleet:remote_write_shards',
  /** Highest over 5 minutes, as the mixin compares them. */
  desiredShards: 'prometheus_fleet:remote_write_shards_desired',
  /** Highest over 5 minutes, as the mixin compares them. */
  maxShards: 'prometheus_fleet:remote_write_shards_max',
  pendingSamples: 'prometheus_fleet:remote_write_samples_pending',
  sentRate: 'prometheus_fleet:remote_write_samples_sent:rate5m',
  failedRate: 'prometheus_fleet:remote_write_samples_failed:rate5m',
  retriedRate: 'prometheus_fleet:remote_write_samples_retried:rate5m',
  droppedRate: 'prometheus_fleet:remote_write_samples_dropped:rate5m',
  /** Per `cluster`: the newest sample timestamp the edge reported. */
  lastReport: 'prometheus_fleet:edge_last_report_timestamp_seconds',
  /** Per `cluster`: scrape targets whose newest `up` is 1, where there are some. */
  targetsUp: 'prometheus_fleet:cluster_targets_up',
  /** Per `cluster`: scrape targets whose newest `up` is 0, where there are some. */
  targetsDown: 'prometheus_fleet:cluster_targets_down',
  /** Per `cluster`: series its targets gave in their last scrape, after relabelling. */
  seriesPerScrape: 'prometheus_fleet:cluster_series_per_scrape',
  /** Per `cluster`: epoch seconds of the newest scrape the global received. */
  newestScrape: 'prometheus_fleet:cluster_newest_scrape_timestamp_seconds',
  /**
   * One series, 1, labelled with the generation of these rules (`version`)
   * and their windows: present when the global evaluates them, so that the
   * poller knows it may read the recorded series.
   */
  rulesInfo: 'prometheus_fleet:rules_info',
  /**
   * Per `cluster`, with `owner` and `monitoring_url`: 1 for every catalog
   * edge of the global, whether or not it ever sent anything.
   */
  expectedEdge: 'prometheus_fleet:edge_expected',
  /**
   * Per `cluster`, for every expected edge: epoch seconds of the evaluation
   * that first expected it. The rule reads its own previous value, so it
   * keeps that time for as long as the global evaluates it without a gap
   * longer than its lookback delta (5 minutes by default).
   */
  edgeFirstExpected: 'prometheus_fleet:edge_first_expected_timestamp_seconds',
  /**
   * Per `cluster`, for every expected edge that has reported: epoch seconds
   * of the evaluation that first saw its last report, kept as the one above.
   */
  edgeFirstReport: 'prometheus_fleet:edge_first_report_timestamp_seconds',
} as const;
