#!/usr/bin/env bash
# Installs the local-EVM harness (evm/js: solc-js and @ethereumjs/vm, exact versions from the committed
# package-lock.json) into evm/js/node_modules with `npm ci`, from the npm registry. Does nothing when
# that lock file is already installed. Needs Node.js >= 20 and npm; exits 1 naming what is missing.
set -euo pipefail
dir=$(cd "$(dirname "$0")/../evm/js" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "evm-setup: Node.js and npm are needed for the local EVM (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "evm-setup: Node.js $major found; the local EVM needs Node.js 20 or later" >&2
  exit 1
fi
stamp="$dir/node_modules/.zkml4j-installed-lock"
if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
  exit 0
fi
echo "evm-setup: installing the EVM harness's node modules (npm ci in $dir)" >&2
(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
cp "$dir/package-lock.json" "$stamp"
