#!/usr/bin/env bash
# Starts FinAegis locally: a private MariaDB under .data/ (or the MySQL named by FINAEGIS_MYSQL), N silos and the
# API on http://127.0.0.1:5080. Ctrl-C stops everything cleanly.
#
#   ./run.sh              one silo
#   ./run.sh --silos 3    three silos on this host (ports 11111+, 30000+, 8081+)
#   ./run.sh --add-silo   one more silo joining the cluster a running ./run.sh started (it stops with that run.sh)
#
# Silo i listens on FINAEGIS_SILO_PORT_BASE+i, FINAEGIS_GATEWAY_PORT_BASE+i and FINAEGIS_MANAGEMENT_PORT_BASE+i
# (defaults 11110, 29999, 8080), so two run.sh instances coexist with other bases (and another FINAEGIS_DATA_DIR
# than .data, with another FINAEGIS_DB_PORT). Pids go to .data/silo-<i>.pid and .data/api.pid.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
source scripts/mariadb.sh

silos=1
add_silo=""
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
    --silos=*) silos="${1#*=}"; shift ;;
    --add-silo) add_silo=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[[ "$silos" =~ ^[1-9][0-9]*$ ]] || { echo "--silos must be a positive number" >&2; exit 2; }

data="${FINAEGIS_DATA_DIR:-$root/.data}"
mkdir -p "$data/logs"
api_port="${FINAEGIS_API_PORT:-5080}"
silo_port_base="${FINAEGIS_SILO_PORT_BASE:-11110}"
gateway_port_base="${FINAEGIS_GATEWAY_PORT_BASE:-29999}"
management_port_base="${FINAEGIS_MANAGEMENT_PORT_BASE:-8080}"
pids=()
own_db=""

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ..."
  # Silos added later with --add-silo are not our children: their pid files name them.
  local file
  for file in "$data"/silo-*.pid; do
    [ -f "$file" ] || continue
    kill -TERM "$(cat "$file")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for file in "$data"/silo-*.pid; do
    [ -f "$file" ] || continue
    while kill -0 "$(cat "$file")" 2>/dev/null; do sleep 0.2; done
    rm -f "$file"
  done
  rm -f "$data/api.pid"
  if [ -n "$own_db" ]; then mariadb_stop "$own_db"; fi
  echo "Stopped."
  exit 0
}
if [ -n "$add_silo" ]; then
  # Joins the cluster of the run.sh already running from this directory (same database, cluster id and key).
  [ -f "$data/encryption.key" ] || { echo "--add-silo: no running ./run.sh here (.data/encryption.key missing)" >&2; exit 1; }
  if [ -z "${FINAEGIS_MYSQL:-}" ]; then
    export FINAEGIS_MYSQL="$(mariadb_connection_string "${FINAEGIS_DB_PORT:-3307}" finaegis)"
  fi
  export FINAEGIS_ENCRYPTION_KEY="${FINAEGIS_ENCRYPTION_KEY:-$(cat "$data/encryption.key")}"
  export FINAEGIS_CLUSTER_ID="${FINAEGIS_CLUSTER_ID:-finaegis}"
  i=1
  while [ -f "$data/silo-$i.pid" ] && kill -0 "$(cat "$data/silo-$i.pid")" 2>/dev/null; do i=$((i + 1)); done
  log="$data/logs/silo-$i.log"
  FINAEGIS_SILO_PORT=$((silo_port_base + i)) FINAEGIS_GATEWAY_PORT=$((gateway_port_base + i)) FINAEGIS_MANAGEMENT_PORT=$((management_port_base + i)) \
    nohup dotnet Silo/bin/Release/net10.0/FinAegis.Silo.dll >"$log" 2>&1 &
  echo $! > "$data/silo-$i.pid"
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$((management_port_base + i))/health/ready" >/dev/null 2>&1; then
      echo "silo $i joined: gateway $((gateway_port_base + i)), management http://127.0.0.1:$((management_port_base + i)) (pid $(cat "$data/silo-$i.pid"), log $log)"
      exit 0
    fi
    kill -0 "$(cat "$data/silo-$i.pid")" 2>/dev/null || { echo "silo $i exited; see $log" >&2; rm -f "$data/silo-$i.pid"; exit 1; }
    sleep 0.5
  done
  echo "silo $i did not become ready; see $log" >&2
  exit 1
fi

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
  FINAEGIS_SILO_PORT=$((silo_port_base + i)) FINAEGIS_GATEWAY_PORT=$((gateway_port_base + i)) FINAEGIS_MANAGEMENT_PORT=$((management_port_base + i)) \
    dotnet Silo/bin/Release/net10.0/FinAegis.Silo.dll >"$log" 2>&1 &
  pids+=($!)
  echo $! > "$data/silo-$i.pid"
  wait_ready "http://127.0.0.1:$((management_port_base + i))/health/ready" "silo $i" "$!" "$log"
  echo "  silo $i ready: silo port $((silo_port_base + i)), gateway $((gateway_port_base + i)), health and metrics http://127.0.0.1:$((management_port_base + i))/"
}

echo "Starting $silos silo(s) ..."
# The first silo applies the migrations alone; the others join once it is ready.
for i in $(seq 1 "$silos"); do start_silo "$i"; done

echo "Starting the API ..."
dotnet Api/bin/Release/net10.0/FinAegis.Api.dll >"$data/logs/api.log" 2>&1 &
pids+=($!)
echo $! > "$data/api.pid"
wait_ready "http://127.0.0.1:$api_port/health/ready" "API" "$!" "$data/logs/api.log"

cat <<INFO

FinAegis is running.
  API            http://127.0.0.1:$api_port/api
  API reference  http://127.0.0.1:$api_port/scalar/v1   (OpenAPI: /openapi/v1.json)
  Health         http://127.0.0.1:$api_port/health/ready
  Metrics        http://127.0.0.1:$api_port/metrics and each silo's management port /metrics
  Dashboard      http://127.0.0.1:$api_port/dashboard/ (admin bearer token)
  Silos          $silos (management ports $((management_port_base + 1))..$((management_port_base + silos)); add one: ./run.sh --add-silo)
  Logs           $data/logs/
  Database       ${own_db:+private MariaDB in $data/mariadb, }cluster id $FINAEGIS_CLUSTER_ID
Press Ctrl-C to stop.
INFO
# A silo may stop (a failover drill kills one) without ending the run; the API or the database leaving ends it.
wait "${pids[-1]}" || true
echo "The API exited; see $data/logs/." >&2
