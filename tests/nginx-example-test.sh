#!/usr/bin/env bash
# nginx.conf.example must stay a valid production config: `nginx -t` on it, with its
# certificate and directory paths pointed at a scratch directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/cache/client_body" "$d/cache/fastcgi" "$d/log"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/cert.pem" -days 1 -subj /CN=tejian.test 2>/dev/null
sed -e "s|/usr/local/share/tejian/deploy/fastcgi.inc|$ROOT/deploy/fastcgi.inc|" \
    -e "s|/usr/local/share/tejian|$ROOT|g" \
    -e "s|/etc/ssl/tejian/fullchain.pem|$d/cert.pem|" -e "s|/etc/ssl/tejian/privkey.pem|$d/key.pem|" \
    -e "s|/var/cache/nginx/tejian|$d/cache|" -e "s|/var/log/nginx|$d/log|" \
    "$ROOT/nginx.conf.example" > "$d/tejian.conf"
printf 'pid %s/nginx.pid;\nerror_log %s/log/error.log;\nevents {}\nhttp {\n include /etc/nginx/mime.types;\n include %s/tejian.conf;\n}\n' "$d" "$d" "$d" > "$d/nginx.conf"
nginx -t -q -e "$d/log/error.log" -c "$d/nginx.conf" -p "$d"
grep -q 'fastcgi_keep_conn' "$ROOT/deploy/fastcgi.inc" && grep -v '^#' "$ROOT/deploy/fastcgi.inc" | grep -q 'fastcgi_keep_conn on' && { echo "fastcgi_keep_conn must stay off"; exit 1; }
echo "nginx.conf.example: nginx -t ok"
