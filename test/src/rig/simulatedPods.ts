/**
 * A pod as Kubernetes service discovery (`role: pod`) would report it. The
 * Debian Prometheus build has no Kubernetes discovery, so the rig hands these
 * to Prometheus as static targets carrying the same `__meta_kubernetes_*`
 * labels, and the generated relabel rules run on them unchanged.
 */
export interface SimulatedPod {
  namespace: string;
  name: string;
  /**
   * `__address__` as discovery sets it: the pod IP alone for a container
   * without declared ports, `ip:port` for a declared port.
   */
  address: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A `static_configs` entry of Prometheus. */
export interface StaticTargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Kubernetes discovery turns annotation and label keys into label names this way. */
function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

function metaLabels(
  kind: 'annotation' | 'label',
  values: Record<string, string> = {},
) {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const name = sanitizeLabelName(key);
    labels[`__meta_kubernetes_pod_${kind}_${name}`] = value;
    labels[`__meta_kubernetes_pod_${kind}present_${name}`] = 'true';
  }
  return labels;
}

export function podTargetGroup(pod: SimulatedPod): StaticTargetGroup {
  return {
    targets: [pod.address],
    labels: {
      __meta_kubernetes_namespace: pod.namespace,
      __meta_kubernetes_pod_name: pod.name,
      ...metaLabels('annotation', pod.annotations),
      ...metaLabels('label', pod.labels),
    },
  };
}
