#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: libonnx-testdata (ONNX's backend
# test data: the conformance tests run every supported operator's cases from it),
# dataset-fashion-mnist (the Fashion-MNIST images: the fixed-point training accuracy test),
# postgresql (the federated store's PostgreSQL tests) and chromium with chromium-driver (the
# federation dashboard's browser test). Without apt (or the rights to use it) the tests still run,
# and say which ones they skipped.
set -uo pipefail
missing=()
[ -d /usr/share/libonnx-testdata/data ] || missing+=(libonnx-testdata)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test: ${missing[*]} missing and apt-get is not available; the tests that need them will be skipped" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "test: ${missing[*]} missing; install with 'sudo apt-get install ${missing[*]}' to run the tests that need them" >&2
    exit 0
  fi
fi
echo "test: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } \
  || echo "test: could not install ${missing[*]}; the tests that need them will be skipped" >&2
exit 0
