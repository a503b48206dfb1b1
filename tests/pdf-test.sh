#!/usr/bin/env bash
# lib/pdf.c read back by poppler (poppler-utils): the commitment letter and a generic
# multi-page document carry their Chinese text as text (pdftotext finds the phrases, so a
# font that drops glyphs fails), embed their fonts (pdffonts), are A4 with the right page
# count and metadata (pdfinfo), and render to a page that is not blank (pdftoppm). Then
# speed and peak RSS per document, and memcheck over the unit test.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
TOOL=$BUILD/tests/tools/pdf_sample
UNIT=$BUILD/tests/test_pdf
SUPP=$ROOT/tests/valgrind-fontconfig.supp
PY=/usr/bin/python3
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pdf-test.XXXXXX") || { echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$work"' EXIT
L=$work/letter.pdf S=$work/sample.pdf

check "letter written" "$TOOL" letter "$L"
check "sample written" "$TOOL" sample "$S"
[ -s "$L" ] && [ -s "$S" ] || { echo "pdf-test: $pass passed, $((fail+1)) failed"; exit 1; }

# ---- structure and metadata ----
size=$(stat -c %s "$L")
check "letter size $size bytes within 10-200 KiB" test "$size" -ge 10240 -a "$size" -le 204800
check "letter starts with %PDF-" test "$(head -c 5 "$L")" = "%PDF-"
check "letter ends with %%EOF" grep -q '%%EOF' <(tail -c 8 "$L")
info=$(pdfinfo "$L" 2>&1)
check "letter: one page" grep -qx 'Pages: *1' <<<"$info"
check "letter: A4" grep -q 'Page size: *595.276 x 841.89 pts (A4)' <<<"$info"
check "letter: Title" grep -qx 'Title: *特种设备定期检验承诺书' <<<"$info"
check "letter: Creator" grep -qx 'Creator: *tejian' <<<"$info"
check "letter: CreationDate" grep -q '^CreationDate: *[A-Z]' <<<"$info"
sinfo=$(pdfinfo "$S" 2>&1)
check "sample: two pages" grep -qx 'Pages: *2' <<<"$sinfo"
check "sample: Author" grep -qx 'Author: *天津市特种设备监督检验技术研究院' <<<"$sinfo"
check "sample: CreationDate given" grep -q '^CreationDate: *Thu Jan  1 .*2026' <<<"$sinfo"

# ---- fonts: both families, embedded as subsets, no bitmap (Type 3) fallback ----
for f in "$L" "$S"; do
    n=$(basename "$f")
    fonts=$(pdffonts "$f" 2>&1 | tail -n +3)
    check "$n: WenQuanYi Zen Hei embedded" grep -qE '^[A-Z]{6}\+WenQuanYiZenHei .* yes +yes +yes ' <<<"$fonts"
    check "$n: AR PL UMing CN embedded" grep -qE '^[A-Z]{6}\+UMingCN .* yes +yes +yes ' <<<"$fonts"
    check "$n: every font embedded" test -z "$(awk '$(NF-4) != "yes"' <<<"$fonts")"
    check "$n: no Type 3 fonts" test -z "$(grep 'Type 3' <<<"$fonts")"
    check "$n: no other font family" test -z "$(grep -vE '\+(WenQuanYiZenHei|UMingCN) ' <<<"$fonts")"
done

# ---- the text is text (whitespace dropped: lines wrap and cells are apart) ----
text=$(pdftotext "$L" - 2>/dev/null | tr -d ' \n\f')
for p in 特种设备定期检验承诺书 （检验机构）： 我单位郑重承诺如下 中华人民共和国特种设备安全法 \
         维护保养 真实、准确、完整 《检验现场环境安全确认书》 确保检验现场环境安全 \
         持证作业人员 整改 另行约定检验日期 申请检验的设备 序号 设备注册代码 设备种类 使用地点 \
         使用单位名称： 联系人： 联系电话： 使用单位（盖章）： 法定代表人或授权人（签字）： 年月日 \
         原件由使用单位存档备查; do
    check "letter text: $p" grep -qF -- "$p" <<<"$text"
done
check "letter text: no replacement characters" test -z "$(grep -F $'\xef\xbf\xbd' <<<"$text")"
stext=$(pdftotext "$S" - 2>/dev/null)
check "sample: pre-filled value" grep -qF '天津市河西区特种设备使用单位（测试）<&>' <<<"$stext"
check "sample: Latin, digits and specials" grep -qF "XML specials < & > \" ' stay text." <<<"$stext"
check "sample: all 60 codes" test "$(grep -cE '^3120120101000202[0-9]{4}$' <<<"$stext")" = 60
check "sample: page numbers" test "$(grep -cE '^第 [12] 页 共 2 页$' <<<"$stext")" = 2
check "sample: header repeated on page 2" grep -q '下次检验日期' <(pdftotext -f 2 -l 2 "$S" - 2>/dev/null)
check "sample: table ends on page 2" grep -q '31201201010002024059' <(pdftotext -f 2 -l 2 "$S" - 2>/dev/null)

# ---- rendering: page 1 is not blank, and nothing is drawn outside the text area ----
pdftoppm -r 60 -png -f 1 -l 1 "$L" "$work/letter" && png=$(ls "$work"/letter-*1.png 2>/dev/null | head -1)
check "letter renders to PNG (${png:+$(stat -c %s "$png")} bytes, a blank A4 page is about 2 KB)" \
    test -n "${png:-}" -a "$(stat -c %s "${png:-/dev/null}")" -gt 8000
pdftoppm -r 60 -gray -f 1 -l 1 "$L" "$work/gray"
ink=$("$PY" - "$(ls "$work"/gray-*1.pgm | head -1)" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5, width, height, maxval, one byte per pixel
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h:]
dark = [i for i, v in enumerate(px) if v < 128]
rows = [i // w for i in dark]
cols = [i % w for i in dark]
# share of dark pixels (per mille); ink box in mm (60 dpi)
mm = 25.4 / 60
print(len(dark) * 1000 // len(px), round(min(cols) * mm), round(min(rows) * mm),
      round((w - 1 - max(cols)) * mm), round((h - 1 - max(rows)) * mm))
PY
)
read -r permille left top right bottom <<<"$ink"
echo "letter page 1: ${permille}‰ dark pixels; ink from ${left} mm left, ${top} mm top, ${right} mm right, ${bottom} mm bottom"
check "letter page 1 has ink (10-200‰ dark)" test "${permille:-0}" -ge 10 -a "${permille:-0}" -le 200
check "letter ink within the margins (≥ 20 mm each side)" \
    test "${left:-0}" -ge 20 -a "${top:-0}" -ge 20 -a "${right:-0}" -ge 20 -a "${bottom:-0}" -ge 20

# ---- memory (and the time, printed): 100 letters in one process ----
bench=$("$TOOL" bench 100)
echo "bench: $bench"
ms=$(sed -n 's/.*then \([0-9.]*\) ms per document.*/\1/p' <<<"$bench")
rss=$(sed -n 's/.*peak RSS \([0-9]*\) KiB.*/\1/p' <<<"$bench")
# Time is measured by make bench (bench/micro.c), not asserted: a shared CI machine makes
# any bound here flaky. The tool must still have produced a figure.
check "letters timed (${ms:-?} ms each)" awk -v m="${ms:-0}" 'BEGIN { exit !(m > 0) }'
check "peak RSS under 64 MiB (${rss:-?} KiB)" test "${rss:-999999}" -lt 65536

# ---- memcheck: the unit test, no errors, nothing definitely lost ----
if command -v valgrind >/dev/null; then
    vg=(valgrind --leak-check=full --show-reachable=no --errors-for-leak-kinds=definite --error-exitcode=99)
    "${vg[@]}" --suppressions="$SUPP" "$UNIT" > "$work/vg.log" 2>&1; rc=$?
    grep -E 'definitely lost:|ERROR SUMMARY' "$work/vg.log"
    check "valgrind over test_pdf: 0 errors, 0 bytes definitely lost (rc $rc)" test "$rc" = 0
    # What the suppressions hide is fontconfig's per-process cache: it must not grow with
    # the number of documents (measured without them). It varies by a block or two from
    # run to run (pango matches fonts on a helper thread), hence 2 KiB of slack: a leak of
    # 45 bytes a document or more still fails.
    lost() { "${vg[@]}" "$TOOL" bench "$1" 2>&1 | sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' | tr -d ,; }
    l3=$(lost 3) l50=$(lost 50)
    check "unsuppressed definitely-lost does not grow: 3 letters ${l3:-?} B, 50 letters ${l50:-?} B" \
        test -n "$l3" -a -n "$l50" -a "${l50:-999999}" -le "$(( ${l3:-0} + 2048 ))"
else
    no "valgrind not installed"
fi

echo "pdf-test: $pass passed, $fail failed"
[ "$fail" = 0 ]
