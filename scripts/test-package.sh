#!/usr/bin/env bash
# Test the Debian package as an administrator would (run by .ci/run after the
# tests; needs root, or sudo, and a Debian/Ubuntu machine):
#  1. build it (scripts/package.sh, profile quick-release: release without LTO);
#  2. lintian (no error, and no warning but those the README lists and
#     justifies), desktop-file-validate, appstreamcli validate --no-net;
#  3. apt-get install it, then from a folder that is not the repository:
#     `safevoice check` on /usr/share/safevoice/messages, `safevoice play en
#     do_not_fear` into an ALSA file sink, `man -w safevoice`, and the
#     completions in place;
#  4. the installed GUI under Xvfb takes a screenshot that is not blank;
#  5. apt-get remove: no file of the package is left, and the user's data
#     folder (sessions, log) is untouched.
# Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
profile="${SAFEVOICE_PACKAGE_PROFILE:-quick-release}"
started=$SECONDS
step_start=$SECONDS
step() {
  echo "== $1 (previous step: $((SECONDS - step_start)) s)"
  step_start=$SECONDS
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

step "tools"
tools=(lintian desktop-file-utils appstream man-db netpbm xvfb xauth mesa-vulkan-drivers)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

if [ -n "${SAFEVOICE_PACKAGE_DEB:-}" ]; then
  deb="$SAFEVOICE_PACKAGE_DEB"   # test a package built before
else
  step "build the package ($profile)"
  scripts/package.sh --profile "$profile"
  deb="$(ls "${CARGO_TARGET_DIR:-target}"/debian/safevoice_*.deb)"
fi
deb="$(realpath "$deb")"
echo "$deb: $(du -h "$deb" | cut -f1)"

step "lintian"
# Warnings the README's "Debian package" section lists and justifies; any
# other warning, or any error, fails.
allowed_warnings=(
  initial-upload-closes-no-bugs
  copyright-without-copyright-notice
)
lintian_out="$(lintian --fail-on none --tag-display-limit 0 "$deb" || true)"
echo "$lintian_out"
if grep -q '^E: ' <<<"$lintian_out"; then
  fail "lintian reports errors"
fi
while read -r tag; do
  [ -z "$tag" ] && continue
  printf '%s\n' "${allowed_warnings[@]}" | grep -qx "$tag" || fail "lintian warning $tag is not listed in the README"
done < <(grep '^W: ' <<<"$lintian_out" | awk '{print $3}' | sort -u)

step "install"
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y "$deb"
for f in /usr/share/applications/org.safevoice.safevoice.desktop /usr/share/metainfo/org.safevoice.safevoice.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/org.safevoice.safevoice.svg /usr/share/icons/hicolor/48x48/apps/org.safevoice.safevoice.png \
  /usr/share/icons/hicolor/128x128/apps/org.safevoice.safevoice.png /usr/share/icons/hicolor/256x256/apps/org.safevoice.safevoice.png \
  /usr/share/bash-completion/completions/safevoice /usr/share/zsh/vendor-completions/_safevoice \
  /usr/share/fish/vendor_completions.d/safevoice.fish /usr/share/doc/safevoice/copyright \
  /usr/share/safevoice/messages/catalog.toml; do
  [ -f "$f" ] || fail "$f is not installed"
done
desktop-file-validate /usr/share/applications/org.safevoice.safevoice.desktop
appstreamcli validate --no-net /usr/share/metainfo/org.safevoice.safevoice.metainfo.xml
grep -q -- '--messages' /usr/share/bash-completion/completions/safevoice || fail "the bash completion lacks --messages"
grep -q -- 'do_not_fear\|check' /usr/share/fish/vendor_completions.d/safevoice.fish || fail "the fish completion lacks the subcommands"
dpkg -L safevoice | sort > "${TMPDIR:-/tmp}/safevoice-files.txt"

# A user: their own home (data folder, config), in a folder that is not the
# repository, and an ALSA configuration whose default PCM writes a WAV file.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"
unset SAFEVOICE_MESSAGES SAFEVOICE_DATA_DIR XDG_DATA_HOME XDG_CONFIG_HOME
cd "$work"
cat > asound.conf <<CONF
pcm.!default {
    type plug
    slave { pcm "sink"; format S16_LE; rate 48000; channels 2 }
}
pcm.sink {
    type file
    slave.pcm { type null }
    file "$work/play.wav"
    format "wav"
}
CONF
export ALSA_CONFIG_PATH="$work/asound.conf"

step "safevoice check"
out="$(/usr/bin/safevoice check)" || { echo "$out"; fail "safevoice check failed"; }
grep -q '^Catalog /usr/share/safevoice/messages: ' <<<"$out" || { echo "$out" | head -3; fail "check did not use /usr/share/safevoice/messages"; }
grep -q '^No problems.' <<<"$out" || fail "check found problems"
echo "$out" | head -1

step "safevoice play en do_not_fear"
/usr/bin/safevoice play en do_not_fear
[ -f play.wav ] || fail "nothing reached the ALSA file sink"
bytes=$(( $(stat -c %s play.wav) - 44 ))
[ "$bytes" -gt $((48000 * 4)) ] || fail "the sink holds only $bytes bytes of audio (less than 1 s)"
# The file plugin over a null slave runs faster than real time, so how much
# silence follows the clip depends on timing: count the clip's own bytes
# (5.7 s at 48 kHz, 2 ch, 16 bit is about 1.1 MB; at least 2 s of it must
# be non-zero), not their share of the file.
nonzero=$(tail -c +45 play.wav | tr -d '\000' | wc -c)
[ "$nonzero" -gt $((48000 * 4 * 2)) ] || fail "the sink holds silence ($nonzero of $bytes bytes are not zero)"
echo "play.wav: $bytes bytes of audio, $nonzero not zero"
# Bad arguments: one clear line each, no device opened, the real languages listed.
if err="$(/usr/bin/safevoice play xx foo 2>&1)"; then fail "play xx foo succeeded"; fi
echo "$err"
[ "$(wc -l <<<"$err")" -eq 1 ] || fail "play xx foo printed more than one line"
grep -q 'the catalog has: .*\ben\b.*' <<<"$err" || fail "play xx foo does not list the languages"

step "man -w safevoice"
page="$(man -w safevoice)"
[ "$page" = /usr/share/man/man1/safevoice.1.gz ] || fail "man -w safevoice gave $page"
man -w safevoice-play >/dev/null
zcat "$page" | grep -q SAFEVOICE_DATA_DIR || fail "the man page lacks the ENVIRONMENT section"

step "the installed GUI under Xvfb"
shot="$work/shot.png"
SAFEVOICE_SCREENSHOT="$shot" timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24" /usr/bin/safevoice gui --lang ar
[ -f "$shot" ] || fail "no screenshot"
colours=$(pngtopam "$shot" | ppmhist -noheader | wc -l)
[ "$colours" -gt 200 ] || fail "the screenshot is nearly blank ($colours colours)"
echo "screenshot: $(pngtopam "$shot" | head -c 20 | sed -n 2p) $colours colours"

step "apt-get remove"
data="$HOME/.local/share/safevoice"
ls "$data"/sessions/*.jsonl >/dev/null 2>&1 || fail "the GUI wrote no session in $data/sessions"
ls "$data"/logs/safevoice.*.log >/dev/null 2>&1 || fail "no log in $data/logs"
before="$(find "$data" -type f -exec sha256sum {} + | sort)"
$sudo apt-get -o DPkg::Lock::Timeout=600 remove -y safevoice
left=()
while read -r path; do
  [ -e "$path" ] && [ ! -d "$path" ] && left+=("$path")
done < "${TMPDIR:-/tmp}/safevoice-files.txt"
[ ${#left[@]} -eq 0 ] || fail "left behind: ${left[*]}"
[ ! -e /usr/share/safevoice ] || fail "/usr/share/safevoice is left behind"
[ ! -e /usr/share/doc/safevoice ] || fail "/usr/share/doc/safevoice is left behind"
after="$(find "$data" -type f -exec sha256sum {} + | sort)"
[ "$before" = "$after" ] || fail "the data folder changed on removal"
echo "data folder untouched: $(wc -l <<<"$after") files"

step "done"
echo "package test: $((SECONDS - started)) s in all"
