#!/usr/bin/env bash
# Run every test (installs what the tests need first). GUI tests run under Xvfb
# with software Vulkan (lavapipe); audio tests go through real alsa-lib into
# WAV files, so no sound card is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
# The window's first start follows the system locale: the tests expect the
# English interface unless they set a locale themselves.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
exec xvfb-run -a -s "-screen 0 1280x1024x24" cargo test --all-targets "$@"
