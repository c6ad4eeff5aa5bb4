#!/usr/bin/env bash
# Copy the pictograms listed in assets/pictograms/pictograms.toml out of the
# OpenMoji package in the npm registry, unchanged, with its licence.
# Needs npm and python3. Run again after adding a [[pictogram]] there.
#   scripts/fetch_pictograms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version=17.0.0
dest=assets/pictograms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "openmoji@$version" >/dev/null && tar xzf "openmoji-$version.tgz")
cp "$work/package/LICENSE.txt" "$dest/LICENSE.txt"
python3 - "$work/package/color/svg" "$dest" <<'PY'
import pathlib, shutil, sys, tomllib
src, dest = map(pathlib.Path, sys.argv[1:])
manifest = tomllib.loads((dest / "pictograms.toml").read_text())
ids = set()
for p in manifest["pictogram"]:
    shutil.copyfile(src / f"{p['openmoji']}.svg", dest / f"{p['id']}.svg")
    ids.add(p["id"])
for old in dest.glob("*.svg"):
    if old.stem not in ids:
        old.unlink()
print(f"{len(ids)} pictograms in {dest}")
PY
