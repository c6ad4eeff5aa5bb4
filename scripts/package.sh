#!/usr/bin/env bash
# Build the Debian package with cargo-deb (configured in Cargo.toml under
# [package.metadata.deb]): target/debian/safevoice_<version>-1_<arch>.deb.
#   scripts/package.sh                          release build (fat LTO: about 22 min on 2 cores)
#   scripts/package.sh --profile quick-release   without LTO (what CI tests)
# Installs the build dependencies and cargo-deb when missing. The man pages
# and shell completions are generated from the clap definitions by the binary
# just built (`safevoice-assets`), so they never drift from its flags.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#--profile=}"; shift ;;
    *) echo "usage: $0 [--profile NAME]" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo_deb_version=3.8.0
if [ "$(cargo deb --version 2>/dev/null)" != "cargo-deb $cargo_deb_version" ]; then
  cargo install cargo-deb --locked --version "$cargo_deb_version"
fi
target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --locked --profile "$profile" --bin safevoice --bin safevoice-assets
rm -rf target/package-assets
"$target_dir/$profile/safevoice-assets" target/package-assets
rm -f "$target_dir"/debian/safevoice_*.deb
cargo deb --locked --no-build --profile "$profile"
ls "$target_dir"/debian/safevoice_*.deb
