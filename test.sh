#!/usr/bin/env bash
# The whole test suite against a real throwaway MariaDB started here. Last line: "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
source scripts/mariadb.sh

mariadb_install_if_missing || { echo "0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/finaegis-test.XXXXXX)"
port="$(mariadb_free_port)"
cleanup() { mariadb_stop "$work"; rm -rf "$work"; }
trap cleanup EXIT
echo "Starting a throwaway MariaDB on 127.0.0.1:$port ..."
mariadb_start "$work" "$port" fast || { echo "0 passed, 1 failed"; exit 1; }
# Each test class creates its own database from this connection string.
export FINAEGIS_TEST_MYSQL="$(mariadb_connection_string "$port" finaegis_test)"

if ! dotnet build FinAegis.sln -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; status=0
for project in $(find tests -name '*.Tests.csproj' | sort); do
  name="$(basename "$project" .csproj)"
  results="$work/results-$name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
  trx="$(find "$results" -name '*.trx' | head -1)"
  if [ -n "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    p="$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')"
    f="$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  else
    failed=$((failed + 1))
  fi
done
if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
