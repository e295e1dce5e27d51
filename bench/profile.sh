#!/usr/bin/env bash
# Where the silo's and the API's CPU goes under the bench's load, with the .NET diagnostics tools (dotnet-counters and
# dotnet-trace, pinned in dotnet-tools.json and restored here):
#   1. starts the cluster (./run.sh: one silo + the API) and drives LoadTest, transfers only, PROFILE_CLIENTS clients;
#   2. after PROFILE_WARMUP_SECONDS of load, dotnet-counters on the silo and the API at once for PROFILE_COUNTER_SECONDS:
#      the runtime (CPU, GC, allocation, thread pool, lock contention), Orleans and the product's own meters;
#   3. then dotnet-trace (sampled thread stacks, about 100 Hz) on the silo, then on the API, PROFILE_TRACE_SECONDS each;
#   4. prints a summary (bench/profile_report.py): the counters' means and the managed frames that held the CPU.
# Everything goes to bench/out/profile/: the counters' CSVs, the .nettrace files and their .speedscope.json (open them
# in https://www.speedscope.app or PerfView for the full call trees). The profilers cost CPU themselves: read the
# LoadTest figures of this run as perturbed, and take throughput from bench/run.sh.
#
#   bench/profile.sh                     PROFILE_WARMUP_SECONDS=45 PROFILE_COUNTER_SECONDS=15 PROFILE_TRACE_SECONDS=10 PROFILE_CLIENTS=64
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$root/bench/out/profile"
mkdir -p "$out"
source bench/cluster.sh

warmup="${PROFILE_WARMUP_SECONDS:-45}"
counter_seconds="${PROFILE_COUNTER_SECONDS:-15}"
trace_seconds="${PROFILE_TRACE_SECONDS:-10}"
clients="${PROFILE_CLIENTS:-64}"
loadtest_pid=""
cleanup() {
  if [ -n "$loadtest_pid" ]; then kill "$loadtest_pid" 2>/dev/null || true; fi
  stop_cluster
}
trap cleanup EXIT

print_machine
echo "Restoring the diagnostics tools and building ..."
dotnet tool restore >"$out/tools.log" 2>&1 || { cat "$out/tools.log"; exit 1; }
build_release
start_cluster
silo="$(silo_pid)"; api_process="$(api_pid)"

# Long enough for every capture; dotnet-trace takes a few seconds to stop and write its file.
drive_seconds=$((warmup + counter_seconds + 2 * (trace_seconds + 20)))
echo "Driving transfers with $clients clients for $drive_seconds s; profiling after ${warmup} s ..."
"${loadtest[@]}" --url "$api" --duration "${drive_seconds}s" --concurrency "$clients" --accounts 1000 --mix transfer=100 \
  --out "$out" >"$out/loadtest.txt" 2>/dev/null &
loadtest_pid=$!
sleep "$warmup"

counters="System.Runtime,Microsoft.Orleans,FinAegis.EventStore,FinAegis.Transfers,FinAegis.Idempotency,Microsoft.AspNetCore.Hosting"
duration="00:00:00:$counter_seconds"
echo "  dotnet-counters on the silo (pid $silo) and the API (pid $api_process), $counter_seconds s ..."
dotnet dotnet-counters collect -p "$silo" --counters "$counters" --duration "$duration" --format csv -o "$out/silo-counters.csv" >"$out/counters-silo.log" 2>&1 &
counters_silo=$!
dotnet dotnet-counters collect -p "$api_process" --counters "$counters" --duration "$duration" --format csv -o "$out/api-counters.csv" >"$out/counters-api.log" 2>&1
wait "$counters_silo"

for process in silo api; do
  pid="$silo"; if [ "$process" = api ]; then pid="$api_process"; fi
  echo "  dotnet-trace on the $process (pid $pid), $trace_seconds s ..."
  dotnet dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time --duration "00:00:00:$trace_seconds" \
    --format Speedscope -o "$out/$process.nettrace" >"$out/trace-$process.log" 2>&1
done

echo "Waiting for LoadTest to finish and verify ..."
wait "$loadtest_pid" || true
loadtest_pid=""
tail -n 4 "$out/loadtest.txt" | sed 's/^/    /'
for process in silo api; do
  echo
  echo "=== $process ==="
  python3 bench/profile_report.py counters "$out/$process-counters.csv"
  python3 bench/profile_report.py cpu "$out/$process.speedscope.json"
done
echo
echo "Done; the captures are in $out/ (open the .speedscope.json files in https://www.speedscope.app)."
