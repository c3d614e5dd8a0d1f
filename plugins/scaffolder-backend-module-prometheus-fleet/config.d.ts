export interface Config {
  prometheusFleet?: {
    /** Settings of the Prometheus Fleet scaffolder actions. */
    scaffolder?: {
      /**
       * Directory the `prometheus-fleet:publish:local-git` action commits
       * onboarded clusters into, as a git repository of its own (created on
       * first use). Relative paths resolve against the backend's working
       * directory, like catalog `file` locations. The action is only
       * registered when this is set: it is meant for demos and local
       * development, where no Git host is available.
       */
      localGitRoot?: string;
    };
  };
}
