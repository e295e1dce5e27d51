#!/usr/bin/env bash
# Starts FinAegis locally: a private MariaDB under .data/ (or the MySQL named by FINAEGIS_MYSQL), N silos and the
# API on http://127.0.0.1:5080. Ctrl-C stops everything cleanly.
#
#   ./run.sh              one silo
#   ./run.sh --silos 3    three silos on this host (ports 11111+, 30000+, 8081+)
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
source scripts/mariadb.sh

silos=1
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
    --silos=*) silos="${1#*=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "--silos must be a positive number" >&2; exit 2; }

data="$root/.data"
mkdir -p "$data/logs"
api_port="${FINAEGIS_API_PORT:-5080}"
pids=()
own_db=""

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$own_db" ]; then mariadb_stop "$own_db"; fi
  echo "Stopped."
  exit 0
}
trap stop_all INT TERM EXIT

if [ -z "${FINAEGIS_MYSQL:-}" ]; then
  mariadb_install_if_missing
  own_db="$data/mariadb"
  db_port="${FINAEGIS_DB_PORT:-3307}"
  if [ -f "$own_db/mysqld.pid" ] && kill -0 "$(cat "$own_db/mysqld.pid")" 2>/dev/null; then
    echo "MariaDB already running from $own_db"
    own_db=""
  else
    echo "Starting MariaDB on 127.0.0.1:$db_port (data in $data/mariadb) ..."
    mariadb_start "$own_db" "$db_port" durable
  fi
  export FINAEGIS_MYSQL="$(mariadb_connection_string "$db_port" finaegis)"
fi

# The key that seals encrypted settings and webhook secrets: generated once and kept beside the data.
if [ -z "${FINAEGIS_ENCRYPTION_KEY:-}" ]; then
  if [ ! -f "$data/encryption.key" ]; then
    head -c 32 /dev/urandom | base64 > "$data/encryption.key"
    chmod 600 "$data/encryption.key"
  fi
  export FINAEGIS_ENCRYPTION_KEY="$(cat "$data/encryption.key")"
fi
export FINAEGIS_CLUSTER_ID="${FINAEGIS_CLUSTER_ID:-finaegis}"
export FINAEGIS_API_PORT="$api_port"

echo "Building ..."
dotnet build FinAegis.sln -c Release -nologo -v q >"$data/logs/build.log" 2>&1 || { cat "$data/logs/build.log"; exit 1; }

wait_ready() {
  local url="$1" name="$2" pid="$3" log="$4" i
  for i in $(seq 1 240); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited; last lines of $log:" >&2; tail -30 "$log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "$name did not become ready; see $log" >&2
  exit 1
}

start_silo() {
  local i="$1" log="$data/logs/silo-$1.log"
  FINAEGIS_SILO_PORT=$((11110 + i)) FINAEGIS_GATEWAY_PORT=$((29999 + i)) FINAEGIS_MANAGEMENT_PORT=$((8080 + i)) \
    dotnet Silo/bin/Release/net10.0/FinAegis.Silo.dll >"$log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:$((8080 + i))/health/ready" "silo $i" "$!" "$log"
  echo "  silo $i ready: silo port $((11110 + i)), gateway $((29999 + i)), health http://127.0.0.1:$((8080 + i))/health/ready"
}

echo "Starting $silos silo(s) ..."
# The first silo applies the migrations alone; the others join once it is ready.
for i in $(seq 1 "$silos"); do start_silo "$i"; done

echo "Starting the API ..."
dotnet Api/bin/Release/net10.0/FinAegis.Api.dll >"$data/logs/api.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$api_port/health/ready" "API" "$!" "$data/logs/api.log"

cat <<INFO

FinAegis is running.
  API            http://127.0.0.1:$api_port/api
  API reference  http://127.0.0.1:$api_port/scalar/v1   (OpenAPI: /openapi/v1.json)
  Health         http://127.0.0.1:$api_port/health/ready
  Silos          $silos (management ports 8081..$((8080 + silos)))
  Logs           $data/logs/
  Database       ${own_db:+private MariaDB in $data/mariadb, }cluster id $FINAEGIS_CLUSTER_ID
Press Ctrl-C to stop.
INFO
wait -n "${pids[@]}" || true
echo "A process exited; see $data/logs/." >&2
