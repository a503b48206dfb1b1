#!/bin/sh
# Installs the Debian packages tejian needs to build, run and test.
# Idempotent and quiet when everything is present; never starts system services
# (the project runs its own PostgreSQL and nginx under var/).
set -eu

PKGS="build-essential pkg-config clang libclang-rt-14-dev
 libfcgi-dev libfcgi-bin clearsilver-dev libpq-dev libcjson-dev libcmocka-dev libssl-dev
 libcurl4-openssl-dev zlib1g-dev libfreetype-dev libpng-dev fonts-dejavu-core libmagic-dev libxlsxwriter-dev
 libpango1.0-dev libcairo2-dev
 postgresql postgresql-contrib nginx-light curl valgrind
 chromium nodejs npm fonts-wqy-zenhei fonts-arphic-uming
 procps psmisc ca-certificates poppler-utils python3-openpyxl libxml2-utils
 libqrencode-dev zbar-tools libnss3-tools libzip-dev libxml2-dev libcsv-dev wrk
 libmimalloc-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done
# node may come from elsewhere (e.g. a newer nodesource build): accept any node+npm on PATH.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    missing=$(printf '%s\n' $missing | grep -vx -e nodejs -e npm | tr '\n' ' ')
fi
missing=$(echo $missing)
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages: $missing" >&2
    echo "install-deps: run as root (or: sudo apt-get install $missing)" >&2
    exit 1
fi

echo "install-deps: installing $missing"
# Keep maintainer scripts from starting the system nginx/PostgreSQL: we run our own.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT INT TERM

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
