# Sourced by bench/run.sh and bench/profile.sh: ports, the output folder and a one-silo cluster started with ./run.sh.
# Ports: FINAEGIS_API_PORT (default 5190) and the run.sh port bases, so a bench can run beside another ./run.sh.
# Needs: the working directory at the checkout's root, and out (the output folder) set by the caller.
source scripts/mariadb.sh

export FINAEGIS_API_PORT="${FINAEGIS_API_PORT:-5190}"
export FINAEGIS_DB_PORT="${FINAEGIS_DB_PORT:-3346}"
export FINAEGIS_SILO_PORT_BASE="${FINAEGIS_SILO_PORT_BASE:-13110}"
export FINAEGIS_GATEWAY_PORT_BASE="${FINAEGIS_GATEWAY_PORT_BASE:-33999}"
export FINAEGIS_MANAGEMENT_PORT_BASE="${FINAEGIS_MANAGEMENT_PORT_BASE:-9180}"
export FINAEGIS_DATA_DIR="$out/data"
api="http://127.0.0.1:$FINAEGIS_API_PORT"
silo_metrics="http://127.0.0.1:$((FINAEGIS_MANAGEMENT_PORT_BASE + 1))/metrics"
loadtest=(dotnet LoadTest/bin/Release/net10.0/FinAegis.LoadTest.dll)
cluster_pid=""

build_release() {
  dotnet build FinAegis.sln -c Release -nologo -v q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
}

start_cluster() {
  setsid ./run.sh --silos 1 >"$out/run.log" 2>&1 &
  cluster_pid=$!
  for _ in $(seq 1 480); do
    if curl -fsS "$api/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$cluster_pid" 2>/dev/null || { cat "$out/run.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the cluster did not become ready; see $out/run.log" >&2
  exit 1
}

stop_cluster() {
  if [ -n "$cluster_pid" ] && kill -0 "$cluster_pid" 2>/dev/null; then
    kill -TERM "$cluster_pid"
    wait "$cluster_pid" 2>/dev/null || true
  fi
  cluster_pid=""
}

# The process ids of the running cluster, for LoadTest --cpu-pids and the profilers.
silo_pid() { cat "$FINAEGIS_DATA_DIR/silo-1.pid"; }
api_pid() { cat "$FINAEGIS_DATA_DIR/api.pid"; }
db_pid() { cat "$FINAEGIS_DATA_DIR/mariadb/mysqld.pid"; }

print_machine() {
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$(command -v mariadbd || command -v mysqld || echo true)" --version 2>/dev/null | head -1)"
  echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}
