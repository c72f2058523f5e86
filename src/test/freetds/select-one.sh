#!/usr/bin/env bash
# Connects to tds-mock with FreeTDS's tsql and checks that SELECT 1 returns 1.
#   src/test/freetds/select-one.sh PORT ENCRYPTION CA_PEM     ENCRYPTION: off | request | require
set -euo pipefail
port=$1 encryption=$2 ca=$3
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
cat >"$conf" <<CONF
[mock]
	host = localhost
	port = $port
	tds version = 7.4
	encryption = $encryption
	ca file = $ca
	check certificate hostname = yes
CONF
output=$(printf 'SELECT 1 AS one\ngo\nexit\n' | FREETDSCONF="$conf" timeout 30 tsql -S mock -U sa -P 'Secret123!' 2>&1)
if ! grep -qx '1' <<<"$output"; then
  echo "$output" >&2
  echo "FreeTDS (encryption = $encryption): no row with 1" >&2
  exit 1
fi
echo "FreeTDS (encryption = $encryption): SELECT 1 returned 1"
