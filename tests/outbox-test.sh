#!/usr/bin/env bash
# tejianctl outbox: the file sink delivers each queued message exactly once; a gateway
# that cannot be reached leaves the message pending with its attempt counted and a
# later retry time (exponential backoff).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_DB:?}" "${TEJIAN_VAR:?}"
CTL=${BUILD:-$ROOT/build}/tejianctl
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
q() { psql "$TEJIAN_DB" -Atqc "$1"; }
sink="$TEJIAN_VAR/log/outbox-test-$$.log"
tag="outbox-test-$$-$RANDOM"

# Deliver whatever earlier tests queued, so the counts below are ours alone.
"$CTL" -c "$TEJIAN_VAR/tejian.conf" outbox --sink "file:$TEJIAN_VAR/log/outbox.log" >/dev/null 2>&1

q "INSERT INTO outbox (channel, recipient, body) VALUES ('sms', '13900000000', '【特检】$tag 一'), ('sms', '13900000001', '【特检】$tag 二')" >/dev/null
out=$("$CTL" -c "$TEJIAN_VAR/tejian.conf" outbox --sink "file:$sink" 2>&1)
[ "$(grep -c "$tag" "$sink" 2>/dev/null)" = 2 ] && ok "file sink wrote both messages ($out)" || no "file sink: $out"
[ "$(q "SELECT count(*) FROM outbox WHERE body LIKE '%$tag%' AND state = 'sent' AND sent_at IS NOT NULL")" = 2 ] \
    && ok "both marked sent" || no "not marked sent"
"$CTL" -c "$TEJIAN_VAR/tejian.conf" outbox --sink "file:$sink" >/dev/null 2>&1
[ "$(grep -c "$tag" "$sink")" = 2 ] && ok "second run delivers nothing again" || no "delivered twice"

# A gateway on a closed port: the message stays pending, attempt counted, retried later.
port=$(for _ in $(seq 1 50); do p=$((20000 + RANDOM % 12000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
id=$(q "INSERT INTO outbox (channel, recipient, body) VALUES ('sms', '13900000002', '$tag gateway') RETURNING id")
"$CTL" -c "$TEJIAN_VAR/tejian.conf" outbox --sink "http://127.0.0.1:$port/sms" >/dev/null 2>&1
row=$(q "SELECT state, attempts, next_attempt_at > now() + interval '20 seconds', last_error IS NOT NULL FROM outbox WHERE id = $id")
[ "$row" = "pending|1|t|t" ] && ok "unreachable gateway: pending, 1 attempt, retry in ~30 s" || no "gateway failure row: $row"
# The same message to a gateway that checks the signature (a test route of the stack's
# own worker, sharing outbox_secret): delivered.
q "UPDATE outbox SET next_attempt_at = now() WHERE id = $id" >/dev/null
"$CTL" -c "$TEJIAN_VAR/tejian.conf" outbox --sink "$TEJIAN_URL/_test/sms-gateway" >/dev/null 2>&1
row=$(q "SELECT state, attempts FROM outbox WHERE id = $id")
[ "$row" = "sent|2" ] && ok "signed JSON accepted by the gateway" || no "gateway delivery row: $row"
# A wrong secret is refused by the gateway: the message stays pending.
id2=$(q "INSERT INTO outbox (channel, recipient, body) VALUES ('sms', '13900000003', '$tag wrong key') RETURNING id")
sed 's/^outbox_secret = .*/outbox_secret = wrong/' "$TEJIAN_VAR/tejian.conf" > "$TEJIAN_VAR/wrong.conf"
"$CTL" -c "$TEJIAN_VAR/wrong.conf" outbox --sink "$TEJIAN_URL/_test/sms-gateway" >/dev/null 2>&1
row=$(q "SELECT state, last_error FROM outbox WHERE id = $id2")
[ "$row" = "pending|gateway answered HTTP 403" ] && ok "bad signature refused, message kept" || no "wrong key row: $row"
q "UPDATE outbox SET state = 'sent' WHERE id = $id2" >/dev/null   # leave nothing pending for others
rm -f "$TEJIAN_VAR/wrong.conf"
rm -f "$sink"
echo "outbox: $pass passed, $fail failed"
[ "$fail" = 0 ]
