#!/usr/bin/env bash
# Rebuild assets/fonts from Debian's Noto packages: the scripts the catalog
# uses, the Chinese font subset to the characters the catalog and UI use, and
# the answer symbols (✓ ✗ ↻) subset from the symbol fonts.
# Needs: fonts-noto-core fonts-noto-cjk, and fonttools (pip install fonttools).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/assets/fonts"
src=/usr/share/fonts/truetype/noto
mkdir -p "$out"
rm -f "$out"/*.ttf "$out"/*.otf
for f in NotoSans NotoNaskhArabic NotoNastaliqUrdu NotoSansDevanagari NotoSansBengali \
         NotoSansGurmukhi NotoSansTamil NotoSansSinhala NotoSansThai NotoSansLao NotoSansKhmer \
         NotoSansMyanmar NotoSansEthiopic NotoSansGeorgian NotoSansArmenian; do
  cp "$src/$f-Regular.ttf" "$out/"
done
cp "$src/NotoSans-Bold.ttf" "$out/"
# Chinese: only the characters the catalog and the UI strings use.
chars="$(mktemp)"
cat "$root"/messages/zh-Hans/*.toml "$root"/assets/i18n/*.toml > "$chars" 2>/dev/null || true
pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --text-file="$chars" --text="0123456789？！。，、：；（）《》“”" \
  --output-file="$out/NotoSansSC-Regular-subset.otf" --layout-features='*' --no-hinting
rm -f "$chars"
# The answer-button symbols.
pyftsubset "$src/NotoSansSymbols2-Regular.ttf" --unicodes="U+2713,U+2714,U+2717,U+2718" \
  --output-file="$out/NotoSansSymbols2-subset.ttf"
pyftsubset "$src/NotoSansMath-Regular.ttf" --unicodes="U+21BB,U+21BA" \
  --output-file="$out/NotoSansMath-subset.ttf"
ls -l "$out"
{
  echo "The fonts in this folder are Noto fonts (https://notofonts.github.io), Copyright Google LLC and the Noto Project Authors,"
  echo "taken from Debian's fonts-noto-core and fonts-noto-cjk packages by scripts/make_fonts.sh."
  echo "NotoSansSC-Regular-subset.otf, NotoSansSymbols2-subset.ttf and NotoSansMath-subset.ttf are subsets."
  echo "They are licensed under the SIL Open Font License, Version 1.1, reproduced below."
  echo
  awk '/SIL OPEN FONT LICENSE Version 1.1/{f=1; print " -----------------------------------------------------------"} f&&/^License:/{exit} f' \
    /usr/share/doc/fonts-noto-cjk/copyright | sed 's/^ //; s/^\.$//'
} > "$out/OFL.txt"
