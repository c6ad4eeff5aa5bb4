#!/usr/bin/env bash
# Run safevoice on the bundled messages (installs what it needs first).
# Any arguments go to safevoice, e.g. `scripts/run.sh gui --lang ar` or `scripts/run.sh play en q_hurt`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec cargo run --release --quiet -- "$@"
