#!/usr/bin/env bash
# valgrind over the worker for a mixed request run: 0 errors, 0 bytes definitely lost.
# Runs tejian-fcgi --single under memcheck on a loopback TCP port and drives it with cgi-fcgi
# (libfcgi's own client), so the worker's whole request path is exercised without nginx.
# Needs a running stack's database: TEJIAN_VAR / TEJIAN_DB from deploy/stack.sh up.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_VAR:?}" "${TEJIAN_DB:?}"
BUILD=${BUILD:-$ROOT/build}
VG_DIR="$TEJIAN_VAR/valgrind"
# TCP here (the stack itself uses a unix socket), so both listen kinds are exercised.
PORT=$(for _ in $(seq 1 50); do p=$((20000 + RANDOM % 12000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
SOCK="127.0.0.1:$PORT"
mkdir -p "$VG_DIR"

cat > "$VG_DIR/tejian.conf" <<CONF
listen = $SOCK
workers = 1
db = $TEJIAN_DB
templates = $ROOT/templates
max_body = 64k
test_routes = on
log_level = warn
CONF

CSRF=$(printf 'c%.0s' $(seq 1 64) | tr c 7)
BOUNDARY="----vgBoundary42"
# Request list: METHOD|URI|CONTENT_TYPE|BODY_FILE|EXPECTED_STATUS
body_dir="$VG_DIR/bodies"; mkdir -p "$body_dir"
printf 'name=%%E7%%89%%B9&note=x&_csrf=%s' "$CSRF" > "$body_dir/form"
printf 'name=nocsrf' > "$body_dir/nocsrf"
printf 'name=x&bad%%20name=1&_csrf=%s' "$CSRF" > "$body_dir/badname"
printf 'name=a%%00b&_csrf=%s' "$CSRF" > "$body_dir/nul"
printf 'login=company&password=wrong&captcha=XXXXX&_csrf=%s' "$CSRF" > "$body_dir/login"
printf 'shown_at=1&agree=1&_csrf=%s' "$CSRF" > "$body_dir/agree"
head -c 4095 /dev/urandom > "$body_dir/file4095"
{ printf -- '--%s\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n' "$BOUNDARY" "$CSRF"
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n' "$BOUNDARY"
  cat "$body_dir/file4095"; printf -- '\r\n--%s--\r\n' "$BOUNDARY"; } > "$body_dir/upload"
printf -- '--%s\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated' "$BOUNDARY" > "$body_dir/badmp"
head -c 70000 /dev/zero > "$body_dir/big"
SHA=$(sha256sum "$body_dir/file4095" | cut -d' ' -f1)

# Signed-in requests: sessions made directly in the database for two demo accounts.
COMPANY_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
session_for() { # token login
    local hash; hash=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)
    psql "$TEJIAN_DB" -qAtc "INSERT INTO session (token_hash, account_id, expires_at)
        SELECT '$hash', id, now() + interval '1 hour' FROM account WHERE login = '$2'" >/dev/null
}
BUREAU_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
session_for "$COMPANY_TOKEN" company
session_for "$ADMIN_TOKEN" admin
session_for "$BUREAU_TOKEN" bureau
SUB_ID=$(psql "$TEJIAN_DB" -qAtc "SELECT id FROM account WHERE login = 'company_sub'")
# A demo change application with its document, and a device of the demo company.
IFS='|' read -r APP_ID DOC_ID DEV_ID < <(psql "$TEJIAN_DB" -qAtc "SELECT c.id || '|' || d.id || '|' || c.equipment_id
    FROM change_application c JOIN change_application_document d ON d.application_id = c.id JOIN account a ON a.id = c.applicant_id
    WHERE a.login = 'company' AND c.district = '120101' ORDER BY c.id LIMIT 1")
# A change application that does not pass the checks (nothing is stored): the form again.
{ printf -- '--%s\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n' "$BOUNDARY" "$CSRF"
  printf -- '--%s\r\nContent-Disposition: form-data; name="to_state"\r\n\r\nflying\r\n' "$BOUNDARY"
  printf -- '--%s\r\nContent-Disposition: form-data; name="documents"; filename="a.bin"\r\n\r\n' "$BOUNDARY"
  head -c 100 "$body_dir/file4095"; printf -- '\r\n--%s--\r\n' "$BOUNDARY"; } > "$body_dir/change"
# Inspection applications of the demo company: a submitted one, a draft, one in process.
ACCEPT_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
INSPECTOR_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
session_for "$ACCEPT_TOKEN" accept
session_for "$INSPECTOR_TOKEN" inspector
insp_app() { psql "$TEJIAN_DB" -qAtc "SELECT a.id FROM inspection_application a JOIN account x ON x.id = a.applicant_id
    WHERE x.login = 'company' AND a.state = '$1' ORDER BY a.id LIMIT 1"; }
INSP_SUBMITTED=$(insp_app submitted); INSP_DRAFT=$(insp_app draft); INSP_PROCESS=$(insp_app in_process)
printf 'contact=%%E5%%BC%%A0%%E7%%BB%%8F%%E7%%90%%86&phone=13800000007&_csrf=%s' "$CSRF" > "$body_dir/autosave"
printf 'version=0&note=&_csrf=%s' "$CSRF" > "$body_dir/noreasons"
printf 'version=99999&_csrf=%s' "$CSRF" > "$body_dir/stalever"
printf 'action=approve&version=99999&_csrf=%s' "$CSRF" > "$body_dir/stale"
printf 'action=reject&version=0&reason=&_csrf=%s' "$CSRF" > "$body_dir/noreason"

REQUESTS=(
  "GET|/||-|200"
  "GET|/healthz||-|200"
  "GET|/no/such/page||-|404"
  "GET|/_test/echo?v=%3Cscript%3E||-|200"
  "GET|/?file.FileHandle=1||-|200"
  "GET|/_test/guarded||-|303"
  "POST|/||-|405"
  "POST|/_test/form|application/x-www-form-urlencoded; charset=UTF-8|form|200"
  "POST|/_test/form|application/x-www-form-urlencoded|nocsrf|403"
  "POST|/_test/form|application/x-www-form-urlencoded|badname|400"
  "POST|/_test/form?name=q&n=%00|application/x-www-form-urlencoded|nul|400"
  "GET|/_test/echo?v=1&v=2&%3Cx%3E=1&.a=2&n=%00&v=%zz||-|200"
  "POST|/_test/upload|multipart/form-data; boundary=$BOUNDARY|upload|200"
  "GET|/_test/blob/$SHA||-|200"
  "GET|/_test/blob/0000||-|404"
  "POST|/_test/upload|multipart/form-data; boundary=$BOUNDARY|badmp|400"
  "POST|/_test/upload|multipart/form-data; boundary=$BOUNDARY|big|413"
  "GET|/login||-|200"
  "GET|/captcha||-|200"
  "POST|/login|application/x-www-form-urlencoded|login|200"
  "GET|/account||-|303"
  "GET|/register||-|200"
  "POST|/register/type|application/x-www-form-urlencoded|agree|200"
  "GET|/register/form?type=certified&agreed=1||-|303"
  "GET|/password/reset||-|200"
  "GET|/account||-|200|company"
  "GET|/account/subaccounts||-|200|company"
  "GET|/account/subaccounts/$SUB_ID||-|200|company"
  "GET|/account/org||-|200|company"
  "GET|/admin/users||-|403|company"
  "GET|/admin/users?q=company||-|200|admin"
  "GET|/admin/audit||-|200|admin"
  "GET|/admin/outbox||-|200|admin"
  "GET|/review/registrations||-|200|admin"
  "GET|/review/org-changes||-|200|admin"
  "GET|/equipment/overview||-|200|company"
  "GET|/equipment?list=all&state=in_use&address=%E5%8D%97%E4%BA%AC%E8%B7%AF&maint=%E5%8D%8E%E5%AE%89||-|200|company"
  "GET|/equipment?list=overdue&sort=name&dir=desc||-|200|company"
  "GET|/equipment?list=all&state=scrapped&address=nothing-here||-|200|company"
  "GET|/equipment?list=due&window=60&ak=2026-01-01&ai=1||-|200|company"
  "GET|/equipment?list=idle&bk=stopped&bi=999999||-|200|bureau"
  "GET|/equipment/export?list=overdue||-|200|company"
  "GET|/equipment/$DEV_ID||-|200|company"
  "GET|/equipment/overview||-|200|bureau"
  "GET|/equipment/changes?state=all||-|200|company"
  "GET|/equipment/changes/$APP_ID||-|200|company"
  "GET|/equipment/changes/$APP_ID/documents/$DOC_ID||-|200|company"
  "GET|/equipment/$DEV_ID/change||-|200|company"
  "POST|/equipment/$DEV_ID/change|multipart/form-data; boundary=$BOUNDARY|change|200|company"
  "GET|/bureau/changes||-|200|bureau"
  "GET|/bureau/changes/$APP_ID||-|200|bureau"
  "POST|/bureau/changes/$APP_ID/decide|application/x-www-form-urlencoded|stale|409|bureau"
  "POST|/bureau/changes/$APP_ID/decide|application/x-www-form-urlencoded|noreason|200|bureau"
  "GET|/inspection||-|200|company"
  "GET|/inspection?tab=done||-|200|company"
  "GET|/inspection?tab=returned||-|200|company"
  "GET|/inspection/$INSP_SUBMITTED||-|200|company"
  "GET|/inspection/$INSP_DRAFT/edit||-|200|company"
  "POST|/inspection/$INSP_DRAFT/autosave|application/x-www-form-urlencoded|autosave|200|company"
  "GET|/inspection/$INSP_DRAFT/delete||-|200|company"
  "POST|/inspection/$INSP_SUBMITTED/withdraw|application/x-www-form-urlencoded|stalever|409|company"
  "GET|/agency/inspections||-|200|accept"
  "GET|/agency/inspections?state=all&kind=periodic&category=3&from=2000-01-01||-|200|accept"
  "GET|/agency/inspections/$INSP_SUBMITTED||-|200|accept"
  "POST|/agency/inspections/$INSP_SUBMITTED/return|application/x-www-form-urlencoded|noreasons|200|accept"
  "POST|/agency/inspections/$INSP_SUBMITTED/accept|application/x-www-form-urlencoded|stalever|409|accept"
  "GET|/agency/inspections/$INSP_PROCESS||-|200|inspector"
  "POST|/agency/inspections/$INSP_PROCESS/complete|application/x-www-form-urlencoded|stalever|409|inspector"
)
ROUNDS=3
TOTAL=$(( ${#REQUESTS[@]} * ROUNDS ))

# The worker links mimalloc (Makefile): memcheck replaces its malloc/free as it does libc's.
valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --soname-synonyms=somalloc=libmimalloc.so.2 --error-exitcode=99 --log-file="$VG_DIR/valgrind.log" \
    "$BUILD/tejian-fcgi" -c "$VG_DIR/tejian.conf" --single --max-requests "$TOTAL" \
    2> "$VG_DIR/worker.log" &
VG_PID=$!
# Whatever happens below, the worker under valgrind must not outlive this script.
trap 'kill "$VG_PID" 2>/dev/null || true' EXIT
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
for _ in $(seq 1 300); do listening && break; sleep 0.1; done
listening || { echo "valgrind worker did not start"; cat "$VG_DIR/valgrind.log"; exit 1; }

fail=0
for round in $(seq 1 $ROUNDS); do
  for spec in "${REQUESTS[@]}"; do
    IFS='|' read -r method uri ctype body want who <<<"$spec"
    cookie="tj_csrf=$CSRF"
    [ "$who" = company ] && cookie="$cookie; tj_session=$COMPANY_TOKEN"
    [ "$who" = admin ] && cookie="$cookie; tj_session=$ADMIN_TOKEN"
    [ "$who" = bureau ] && cookie="$cookie; tj_session=$BUREAU_TOKEN"
    [ "$who" = accept ] && cookie="$cookie; tj_session=$ACCEPT_TOKEN"
    [ "$who" = inspector ] && cookie="$cookie; tj_session=$INSPECTOR_TOKEN"
    path=${uri%%\?*}; query=""; [[ $uri == *\?* ]] && query=${uri#*\?}
    len=0; input=/dev/null
    if [ "$body" != "-" ]; then input="$body_dir/$body"; len=$(stat -c %s "$input"); fi
    env -i REQUEST_METHOD="$method" DOCUMENT_URI="$path" REQUEST_URI="$uri" QUERY_STRING="$query" \
        CONTENT_TYPE="$ctype" CONTENT_LENGTH="$len" HTTP_COOKIE="$cookie" SERVER_PROTOCOL=HTTP/1.1 \
        REMOTE_ADDR=127.0.0.1 cgi-fcgi -bind -connect "$SOCK" < "$input" > "$VG_DIR/response" || true
    out=$(head -n 1 "$VG_DIR/response" | tr -d '\r')
    got=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' <<<"$out")
    if [ "$got" != "$want" ]; then echo "valgrind run: $method $uri -> '$got', want $want"; fail=1; fi
  done
done

set +e
wait $VG_PID; rc=$?
set -e
summary=$(grep -E 'ERROR SUMMARY|definitely lost' "$VG_DIR/valgrind.log" || true)
if [ $rc -ne 0 ] || [ $fail -ne 0 ]; then
    echo "valgrind run FAILED (exit $rc)"; cat "$VG_DIR/valgrind.log" | head -80; exit 1
fi
echo "valgrind: $TOTAL mixed requests, exit $rc, 0 errors, 0 bytes definitely lost"
exit 0
