#!/usr/bin/env bash
# lib/xlsx.c read back by a real xlsx reader (Debian's python3-openpyxl): codes stay text
# with every digit, dates are dates, integers numbers, Chinese and XML specials intact,
# the header row bold and frozen; 100 000 rows stream out; no temp file is left behind.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOL=${BUILD:-$ROOT/build}/tests/tools/xlsx_sample
PY=/usr/bin/python3   # Debian's, where python3-openpyxl lives (not a pyenv on PATH)
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/xlsx-readback.XXXXXX") || { echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"

# The library's temp files go to $TMPDIR: a private one shows whether any is left.
if TMPDIR="$work/tmp" "$TOOL" "$work/sample.xlsx" && TMPDIR="$work/tmp" "$TOOL" "$work/big.xlsx" --rows 100000; then
    ok "sample and 100 000-row workbooks written"
else
    no "xlsx_sample failed"
fi
left=$(ls -A "$work/tmp" | wc -l)
[ "$left" = 0 ] && ok "no temp file left in TMPDIR" || no "$left temp files left in TMPDIR: $(ls -A "$work/tmp")"

# One line per check from the reader: "ok: …" or "FAIL: …".
out=$("$PY" - "$work/sample.xlsx" "$work/big.xlsx" <<'PY' 2>&1
import datetime, sys
import openpyxl

def check(what, cond, got=None):
    print(("ok: " if cond else "FAIL: ") + what + ("" if cond else " (got %r)" % (got,)))

wb = openpyxl.load_workbook(sys.argv[1])
check("one sheet titled 设备清单", wb.sheetnames == ["设备清单"], wb.sheetnames)
ws = wb.active
header = [c.value for c in ws[1]]
check("header row", header == ["注册代码", "统一社会信用代码", "使用单位", "下次检验日期", "层站数", "联系电话"], header)
check("header bold", all(c.font.b for c in ws[1]), [c.font.b for c in ws[1]])
check("header frozen", ws.freeze_panes == "A2", ws.freeze_panes)
check("autofilter over the data", ws.auto_filter.ref == "A1:F5", ws.auto_filter.ref)
check("4 data rows", ws.max_row == 5, ws.max_row)

a2 = ws["A2"]
check("20-digit code is a string cell", a2.data_type == "s" and isinstance(a2.value, str), (a2.data_type, type(a2.value)))
check("20-digit code keeps every digit", a2.value == "33020112345678901234", a2.value)
check("credit code text", ws["B2"].data_type == "s" and ws["B2"].value == "91120101MA05T8XK1L", ws["B2"].value)
check("Chinese name intact", ws["C2"].value == "天津市河西区特种设备使用单位（测试）", ws["C2"].value)
d2 = ws["D2"]
check("date is a date", isinstance(d2.value, datetime.datetime) and d2.is_date, (type(d2.value), d2.value))
check("date value 2025-03-01", d2.value == datetime.datetime(2025, 3, 1), d2.value)
check("date shown yyyy-mm-dd", d2.number_format == "yyyy-mm-dd", d2.number_format)
e2 = ws["E2"]
check("int is a number", e2.data_type == "n" and e2.value == 12 and isinstance(e2.value, int), (e2.data_type, e2.value))
check("phone is text", ws["F2"].data_type == "s" and ws["F2"].value == "13800138000", ws["F2"].value)
check("leading zeros kept", ws["A3"].value == "00012345678901234567", ws["A3"].value)
check("all-digit credit code text", ws["B3"].value == "911201010000000000", ws["B3"].value)
check("XML specials intact", ws["C3"].value == "<script>&\"'", ws["C3"].value)
check("empty date and NULL int blank", ws["D3"].value is None and ws["E3"].value is None, (ws["D3"].value, ws["E3"].value))
check("landline keeps its 0", ws["F3"].value == "02283456789", ws["F3"].value)
check("second chunk: code ending in X", ws["A4"].value == "3302011234567890123X", ws["A4"].value)
check("second chunk: leap day", ws["D4"].value == datetime.datetime(2024, 2, 29), ws["D4"].value)
check("negative int", ws["E4"].value == -3, ws["E4"].value)
check("unparseable date kept as text", ws["D5"].value == "not a date", ws["D5"].value)
check("non-integer int kept as text", ws["E5"].value == "12x", ws["E5"].value)
check("short code stays text", ws["A5"].data_type == "s" and ws["A5"].value == "12345", ws["A5"].value)

big = openpyxl.load_workbook(sys.argv[2], read_only=True).active
check("100 000 data rows", big.max_row == 100001, big.max_row)
first = next(big.iter_rows(min_row=2, max_row=2, values_only=True))
check("big: first row", first[0] == "33020000000000000000" and first[4] == 0, first)
PY
)
echo "$out"
p=$(grep -c '^ok: ' <<<"$out"); f=$(grep -c '^FAIL: ' <<<"$out")
pass=$((pass + p)); fail=$((fail + f))
# The reader must have run every check: a traceback counts as a failure.
[ "$p" -ge 28 ] || no "reader ran $p checks, expected 28 (traceback above?)"
echo "xlsx-readback: $pass passed, $fail failed"
[ "$fail" = 0 ]
