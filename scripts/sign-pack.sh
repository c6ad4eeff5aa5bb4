#!/usr/bin/env bash
# Sign the bundled pack (messages/) with the public development key, after
# any change to messages/. The key's secret is committed to this public
# repository, so this signature only says "testing and training": the app
# shows such a pack in yellow, never as trusted. A deployment is signed with
# the deployer's own key (see the README, "Signed message packs").
#   scripts/sign-pack.sh           write messages/manifest.toml and its .minisig
#   scripts/sign-pack.sh --check   exit 0 only when the signature is current
# SAFEVOICE_BIN: the safevoice binary to use (default: build target/debug/safevoice).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${SAFEVOICE_BIN:-}"
if [ -z "$bin" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  cargo build --quiet --bin safevoice
  bin=target/debug/safevoice
fi
case "${1:-}" in
  --check)
    if ! "$bin" pack verify messages --pubkey keys/safevoice-dev.pub; then
      echo "messages/ does not match its signature: run scripts/sign-pack.sh and commit the result" >&2
      exit 1
    fi
    ;;
  "")
    # The development key's password is empty: it protects nothing.
    SAFEVOICE_KEY_PASSWORD="" "$bin" pack sign messages --key keys/safevoice-dev.key
    ;;
  *)
    echo "usage: scripts/sign-pack.sh [--check]" >&2
    exit 2
    ;;
esac
