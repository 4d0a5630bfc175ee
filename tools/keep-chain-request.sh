#!/usr/bin/env bash
# A stand-in for `node` that keeps each request sent to the local EVM harness (evm/js/chain.mjs), for
# evm/js/gas-profile.mjs. Use: ZKML_NODE=tools/keep-chain-request.sh zkml verify-evm ...
# The requests go to ${ZKML_CHAIN_REQUESTS:-/tmp}/chain-request-<pid>.json.
set -euo pipefail
node=${ZKML_REAL_NODE:-node}
if [ "${1:-}" = "chain.mjs" ]; then
  out="${ZKML_CHAIN_REQUESTS:-/tmp}/chain-request-$$.json"
  echo "keep-chain-request: the request is kept in $out" >&2
  tee "$out" | "$node" "$@"
else
  exec "$node" "$@"
fi
