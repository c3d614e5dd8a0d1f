# Sourced by the README's two commands (and so by .ci/run), from the
# repository root: puts Node 22 and Yarn on PATH (scripts/node-env.sh), then
# provisions what one of them needs, nothing installed by hand:
#   . scripts/setup.sh demo   Prometheus 3, for the demo's live fleet
#   . scripts/setup.sh test   every server the tests run (provision-servers.sh,
#                             which apt-installs Chromium and PostgreSQL when
#                             missing), and a PostgreSQL server whose address
#                             it exports for the store tests
fleet_setup() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  source "$root/scripts/node-env.sh" || return 1
  echo "node $(node --version), yarn $(yarn --version)"
  case "${1:-}" in
  demo) "$root/scripts/provision-servers.sh" prometheus-3 ;;
  test)
    "$root/scripts/provision-servers.sh" &&
      eval "$("$root/scripts/start-postgres.sh")"
    ;;
  *)
    echo "usage: . scripts/setup.sh demo|test" >&2
    return 2
    ;;
  esac
}
fleet_setup "$@"
