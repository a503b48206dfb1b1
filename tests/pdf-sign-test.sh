#!/usr/bin/env bash
# Signed PDFs read back by independent tools: poppler's pdfsig says "Signature is Valid."
# and, with the demo CA in an NSS database, "Certificate is Trusted."; one byte changed in
# the signed range makes it report a digest mismatch (pdfsig exits 0 either way: the text
# is what counts), and our own verifier agrees in each case. The signed file still renders
# (pdftoppm), pdfinfo reads it without complaint, its fonts are embedded (pdffonts); the
# seal is red; zbarimg decodes pdf_qr codes back to the exact text. `tejianctl keys init`
# makes the keys (and keeps them on a second run). Then the time per document, and
# memcheck over tests/unit/test_pdf_sign.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
TOOL=$BUILD/tests/tools/pdf_sign_sample
CTL=$BUILD/tejianctl
PY=/usr/bin/python3
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }
work=$(mktemp -d "${TMPDIR:-/tmp}/pdf-sign-test.XXXXXX") || { echo "0 passed, 1 failed"; exit 1; }
trap 'rm -rf "$work"' EXIT
K=$work/keys D=$work/doc.pdf S=$work/signed.pdf

# ---- keys ----
check "tejianctl keys init" "$CTL" keys init --dir "$K"
for f in ca.pem chain.pem sign-cert.pem sign-key.pem; do
    check "keys: $f written" test -s "$K/$f"
done
check "keys: private key mode 0600" test "$(stat -c %a "$K/sign-key.pem")" = 600
before=$(sha256sum "$K"/*.pem)
check "tejianctl keys init again keeps the keys" grep -q kept <("$CTL" keys init --dir "$K")
check "keys unchanged after the second run" test "$before" = "$(sha256sum "$K"/*.pem)"
check "keys init without --dir refused (exit 2)" test "$("$CTL" keys init >/dev/null 2>&1; echo $?)" = 2
cert=$(openssl x509 -in "$K/sign-cert.pem" -noout -text 2>&1)
check "certificate: digitalSignature, nonRepudiation" grep -q 'Digital Signature, Non Repudiation' <<<"$cert"
check "certificate: signed by the demo CA" grep -q ': OK$' <(openssl verify -CAfile "$K/ca.pem" "$K/sign-cert.pem" 2>&1)

# ---- sign ----
check "document written" "$TOOL" doc "$D"
check "document signed" "$TOOL" sign "$K" "$D" "$S"
[ -s "$S" ] || { # ---- memcheck: the unit test (keys, sign, verify, every verdict), no errors, no leaks ----
if command -v valgrind >/dev/null; then
    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
        --suppressions="$ROOT/tests/valgrind-fontconfig.supp" "$BUILD/tests/test_pdf_sign" > "$work/vg.log" 2>&1; rc=$?
    grep -E 'definitely lost:|ERROR SUMMARY' "$work/vg.log"
    check "valgrind over test_pdf_sign: 0 errors, 0 bytes definitely lost (rc $rc)" test "$rc" = 0
else
    no "valgrind not installed"
fi

echo "pdf-sign-test: $pass passed, $((fail+1)) failed"; exit 1; }
check "the original bytes are the signed file's prefix" cmp -s "$D" <(head -c "$(stat -c %s "$D")" "$S")

sig=$(pdfsig "$S" 2>&1)
echo "$sig" | sed 's/^/  pdfsig: /'
check "pdfsig: Signature is Valid." grep -q 'Signature Validation: Signature is Valid\.' <<<"$sig"
check "pdfsig: the whole document signed" grep -q 'Total document signed' <<<"$sig"
check "pdfsig: SHA-256" grep -q 'Signing Hash Algorithm: SHA-256' <<<"$sig"
check "pdfsig: adbe.pkcs7.detached" grep -q 'Signature Type: adbe.pkcs7.detached' <<<"$sig"
check "pdfsig: field name 签章1" grep -q 'Signature Field Name: 签章1' <<<"$sig"
check "pdfsig: signer is the agency" grep -q 'Signer Certificate Common Name: 天津市特种设备监督检验技术研究院' <<<"$sig"
check "pdfsig without the CA: issuer not trusted" grep -q "Certificate issuer isn't Trusted" <<<"$sig"

nss=$work/nss
mkdir -p "$nss"
certutil -N --empty-password -d "sql:$nss" && certutil -A -n ca -t "CT,C,C" -i "$K/ca.pem" -d "sql:$nss"
tsig=$(pdfsig -nssdir "sql:$nss" "$S" 2>&1)
check "pdfsig with the CA in NSS: Signature is Valid." grep -q 'Signature is Valid\.' <<<"$tsig"
check "pdfsig with the CA in NSS: Certificate is Trusted." grep -q 'Certificate Validation: Certificate is Trusted\.' <<<"$tsig"
ours=$("$TOOL" verify "$K/ca.pem" "$S")
check "pdf_verify: VALID (code 0)" grep -q '^code 0:' <<<"$ours"

# one byte changed in the first signed range (page content), then in the second (trailer)
len=$(stat -c %s "$S")
for at in 600 $((len - 40)); do
    T=$work/tampered-$at.pdf
    cp "$S" "$T"
    orig=$(dd if="$T" bs=1 skip="$at" count=1 2>/dev/null | od -An -tx1 | tr -d ' ')
    new=$([ "$orig" = 30 ] && printf 1 || printf 0)
    printf '%s' "$new" | dd of="$T" bs=1 seek="$at" conv=notrunc 2>/dev/null
    msig=$(pdfsig -nssdir "sql:$nss" "$T" 2>&1)
    check "byte $at changed: pdfsig reports Digest Mismatch" grep -q 'Signature Validation: Digest Mismatch\.' <<<"$msig"
    check "byte $at changed: pdfsig no longer says valid" test -z "$(grep 'Signature is Valid' <<<"$msig")"
    check "byte $at changed: pdf_verify DIGEST_MISMATCH (code 4)" grep -q '^code 4:' <("$TOOL" verify "$K/ca.pem" "$T")
done
cp "$S" "$work/appended.pdf" && printf '%% appended\n' >> "$work/appended.pdf"
check "bytes appended: pdf_verify PARTIAL (code 3)" grep -q '^code 3:' <("$TOOL" verify "$K/ca.pem" "$work/appended.pdf")
check "unsigned: pdf_verify UNSIGNED (code 2)" grep -q '^code 2:' <("$TOOL" verify "$K/ca.pem" "$D")

# ---- the signed file as a document ----
info_err=$(pdfinfo "$S" 2>&1 >/dev/null)
check "pdfinfo: no complaints${info_err:+ ($info_err)}" test -z "$info_err"
check "pdfinfo: one A4 page" grep -q 'Pages: *1' <(pdfinfo "$S")
fonts=$(pdffonts "$S" 2>&1 | tail -n +3)
check "pdffonts: WenQuanYi Zen Hei embedded" grep -qE '^[A-Z]{6}\+WenQuanYiZenHei .* yes +yes +yes ' <<<"$fonts"
check "pdffonts: AR PL UMing CN embedded" grep -qE '^[A-Z]{6}\+UMingCN .* yes +yes +yes ' <<<"$fonts"
check "pdffonts: every font embedded" test -z "$(awk '$(NF-4) != "yes"' <<<"$fonts")"
check "pdftotext: the text survives signing" grep -q '特种设备定期检验报告' <(pdftotext "$S" - 2>/dev/null)
pdftoppm -r 60 -f 1 -l 1 "$S" "$work/page" 2>"$work/ppm.err"
ppm=$(ls "$work"/page-*1.ppm 2>/dev/null | head -1)
check "pdftoppm renders the signed file$( [ -s "$work/ppm.err" ] && echo " (stderr: $(head -c 200 "$work/ppm.err"))")" \
    test -n "$ppm" -a ! -s "$work/ppm.err"
# The seal (centred 140 mm from the left edge): red pixels there, none far from it.
red=$("$PY" - "${ppm:-/dev/null}" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h * 3:]
mm = 25.4 / 60
near = far = 0
for i in range(w * h):
    r, g, b = px[3 * i], px[3 * i + 1], px[3 * i + 2]
    if r > 150 and g < 120 and b < 120:
        x = (i % w) * mm
        if 115 <= x <= 165:
            near += 1
        else:
            far += 1
print(near, far)
PY
)
read -r near far <<<"${red:-0 0}"
check "seal: red pixels at the seal ($near), none elsewhere ($far)" test "${near:-0}" -gt 500 -a "${far:-1}" = 0

# ---- QR codes: decoded back to the exact text ----
url="https://tejian.example.cn/verify/TJ-2026-000123"
pdftoppm -r 200 -png "$S" "$work/qr"
check "zbarimg: the report's QR decodes to the URL" test "$(zbarimg -q --raw "$work"/qr-1.png 2>/dev/null)" = "$url"
for text in "$url" "TJ-2026-000123 特种设备检验合格 下次检验 2027-06" "$(printf 'x%.0s' $(seq 1 300))"; do
    L=$work/label.pdf
    rm -f "$work"/label-*.png
    "$TOOL" label "$L" "$text" && pdftoppm -r 300 -png "$L" "$work/label"
    got=$(zbarimg -q --raw "$work"/label-1.png 2>/dev/null)
    check "zbarimg: label QR decodes to the exact text (${#text} characters)" test "$got" = "$text"
done
check "label: 90 x 60 mm" grep -q 'Page size: *255.118 x 170.079 pts' <(pdfinfo "$L" 2>/dev/null)

# ---- time per document ----
bench=$("$TOOL" bench "$K" 30)
echo "bench: $bench"
total=$(awk '{for (i = 1; i <= NF; i++) if ($i == "ms,"  || $i == "ms;") s += $(i-1)} END {print s+0}' <<<"$bench")
# Printed, not bounded: make bench (bench/micro.c) measures it; a bound here is flaky on a
# shared machine.
check "render, sign and verify timed (${total} ms a document)" awk -v t="$total" 'BEGIN { exit !(t > 0) }'

# ---- memcheck: the unit test (keys, sign, verify, every verdict), no errors, no leaks ----
if command -v valgrind >/dev/null; then
    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
        --suppressions="$ROOT/tests/valgrind-fontconfig.supp" "$BUILD/tests/test_pdf_sign" > "$work/vg.log" 2>&1; rc=$?
    grep -E 'definitely lost:|ERROR SUMMARY' "$work/vg.log"
    check "valgrind over test_pdf_sign: 0 errors, 0 bytes definitely lost (rc $rc)" test "$rc" = 0
else
    no "valgrind not installed"
fi

echo "pdf-sign-test: $pass passed, $fail failed"
[ "$fail" = 0 ]
