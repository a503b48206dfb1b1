#!/bin/sh
# Template lint: fails on ClearSilver constructs that bypass HTML escaping.
#   lvar:/evar:  evaluate data as template code          -> never allowed
#   alt:         is not auto-escaped                     -> only with html_escape()
#   uvar:        prints raw                              -> only in the reviewed list below
#   name:        prints an HDF node name (user-chosen for form fields) -> never allowed
#   include:     resolved while parsing, and parses are kept (lib/render.c) per
#                Page.Template: only a "literal" path or Page.Template
# Usage: lint-templates.sh DIR   (exit 1 and a list of offending lines on failure)
set -u
dir=${1:-templates}
# Reviewed uses of uvar: "file:line-text" patterns.
#   Overview.ChartSvg: lib/svgchart.c's output, which escapes every label and link itself
#   (tests/unit/test_svgchart.c proves it).
#   Choices.CategoryOptions, Choices.DistrictOptions: option lists rendered (and escaped)
#   by templates/options.cs once per worker (lib/options.c); code only inserts " selected"
#   (tests/unit/test_options.c proves both).
UVAR_ALLOWED="uvar:Overview.ChartSvg uvar:Choices.CategoryOptions uvar:Choices.DistrictOptions"

bad=0
report() { echo "template lint: $1"; bad=1; }

out=$(grep -rnE '<\?cs[[:space:]]*(lvar|evar)[[:space:]]*:' "$dir" --include='*.cs')
[ -n "$out" ] && report "lvar:/evar: evaluate data as templates:
$out"
out=$(grep -rnE '<\?cs[[:space:]]*alt[[:space:]]*:' "$dir" --include='*.cs' | grep -v 'html_escape')
[ -n "$out" ] && report "alt: without html_escape():
$out"
out=$(grep -rnE '<\?cs[[:space:]]*name[[:space:]]*:' "$dir" --include='*.cs')
[ -n "$out" ] && report "name: prints unescaped node names:
$out"
out=$(grep -rnE '<\?cs[[:space:]]*include[[:space:]]*:' "$dir" --include='*.cs' |
      grep -vE '<\?cs[[:space:]]*include[[:space:]]*:[[:space:]]*("[^"]*"|Page\.Template)[[:space:]]*\?>')
[ -n "$out" ] && report "include: of a variable other than Page.Template (parses are kept per Page.Template):
$out"
grep -rnE '<\?cs[[:space:]]*uvar[[:space:]]*:' "$dir" --include='*.cs' | while IFS= read -r line; do
    ok=0
    for allowed in $UVAR_ALLOWED; do
        case "$line" in *"$allowed"*) ok=1 ;; esac
    done
    [ $ok = 1 ] || echo "$line"
done > /tmp/tejian-uvar.$$
if [ -s /tmp/tejian-uvar.$$ ]; then
    report "uvar: outside the reviewed list:
$(cat /tmp/tejian-uvar.$$)"
fi
rm -f /tmp/tejian-uvar.$$
exit $bad
