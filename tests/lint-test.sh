#!/bin/sh
# The template lint passes the real templates and fails each known-bad fixture.
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
if ./tests/lint-templates.sh templates >/dev/null; then pass=$((pass+1)); else
    echo "FAIL: lint rejects templates/"; ./tests/lint-templates.sh templates; fail=$((fail+1)); fi
for f in tests/fixtures/templates-bad/*.cs; do
    d=$(mktemp -d); cp "$f" "$d/"
    if ./tests/lint-templates.sh "$d" >/dev/null; then echo "FAIL: lint accepted $f"; fail=$((fail+1)); else pass=$((pass+1)); fi
    rm -rf "$d"
done
# A reviewed alt: with html_escape passes.
d=$(mktemp -d); printf '<?cs alt:html_escape(Query.x) ?>-<?cs /alt ?>\n' > "$d/ok.cs"
if ./tests/lint-templates.sh "$d" >/dev/null; then pass=$((pass+1)); else echo "FAIL: lint rejected alt:html_escape"; fail=$((fail+1)); fi
rm -rf "$d"
echo "template lint: $pass passed, $fail failed"
[ "$fail" = 0 ]
