#!/usr/bin/env bash
# The performance bench, on this machine, in one run:
#   (a) the database's own ceiling: batched multi-row INSERTs of event-shaped rows into a scratch table (rows/s),
#       measured before the cluster's drive and again right after it (this machine's speed drifts within minutes, so
#       the ratio is given against both and their mean);
#   (b) the cluster (./run.sh, one silo + the API) under LoadTest: transfers only, 64 clients, BENCH_SECONDS, after
#       a warm-up of BENCH_WARMUP_SECONDS (default 90, 0 to skip) on the same accounts whose figures are not reported;
#       events appended/s from the silo's /metrics; CPU per transfer of each process (silo, API, MariaDB, LoadTest)
#       over the measured drive, from /proc;
#   (c) both side by side with their ratio;
#   (d) activation of an account with BENCH_ACTIVATION_EVENTS events (default 100,000) vs 100 events, after a
#       restart of the cluster (the long stream is built with real deposits through the API, snapshots included).
# Everything goes to bench/out/ (result.json, chart.png, bench.json with the side-by-side figures, logs). Ports:
# FINAEGIS_API_PORT (default 5190) and the run.sh port bases, so it can run beside another ./run.sh.
#
#   bench/run.sh                      all of it
#   BENCH_ACTIVATION_EVENTS=0 bench/run.sh    skip (d)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="$root/bench/out"
mkdir -p "$out"
source bench/cluster.sh
seconds="${BENCH_SECONDS:-30}"
clients="${BENCH_CLIENTS:-64}"
activation_events="${BENCH_ACTIVATION_EVENTS:-100000}"
trap stop_cluster EXIT

print_machine
echo "Building and starting the cluster (1 silo + API on $api) ..."
build_release
start_cluster
connection="$(mariadb_connection_string "$FINAEGIS_DB_PORT" finaegis)"

measure_ceiling() {
  local line
  line="$("${loadtest[@]}" db-ceiling --mysql "$connection" --seconds 10 --batch 100 --connections 2)"
  echo "    $line" >&2
  sed -E 's/.*db_ceiling_rows_per_second=([0-9]+).*/\1/' <<<"$line"
}

echo "(a) Database ceiling: multi-row INSERTs of event-shaped rows, 100 rows per transaction, 2 connections, 10 s ..."
ceiling_before="$(measure_ceiling)"

# Accounts in a long-running bank carry full operation windows, and every snapshot then carries them too: the
# measured drive runs on accounts that a warm-up of the same load (default 90 s, unmeasured) has made long-lived.
warmup="${BENCH_WARMUP_SECONDS:-90}"
echo "(b) Cluster: transfers only, $clients clients, $seconds s measured after a ${warmup} s warm-up on the same accounts ..."
warmup_flag=(); if [ "$warmup" -gt 0 ]; then warmup_flag=(--warmup "${warmup}s"); fi
"${loadtest[@]}" --url "$api" --duration "${seconds}s" "${warmup_flag[@]}" --concurrency "$clients" --accounts 1000 --mix transfer=100 \
  --metrics-url "$silo_metrics" --cpu-pids "silo=$(silo_pid),api=$(api_pid),db=$(db_pid)" --out "$out" 2> >(tr '\r' '\n' | tail -n 3 >&2) | tee "$out/loadtest.txt"
echo "(a) Database ceiling again, right after the drive ..."
ceiling_after="$(measure_ceiling)"
python3 - "$out/result.json" "$ceiling_before" "$ceiling_after" "$out/bench.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); before = float(sys.argv[2]); after = float(sys.argv[3])
events = float(round(r["events_appended_per_second"] or 0))
ceiling = (before + after) / 2
lat = r["latency"]
print("(c) Side by side")
print(f"    transfers/s through HTTP      {r['requests_per_second']:>10,.0f}   (target 4,500 at 64 clients)")
print(f"    latency p50 / p99 / max ms    {lat['p50_ms']:>6} / {lat['p99_ms']} / {lat['max_ms']}   (target p99 <= 50)")
print(f"    events appended/s             {events:>10,.0f}")
print(f"    database ceiling rows/s       {ceiling:>10,.0f}   (mean of {before:,.0f} before and {after:,.0f} after the drive)")
print(f"    ratio events / ceiling        {events / ceiling:>10.1%}   (target >= 25%; {events / before:.1%} against the ceiling before, {events / after:.1%} after)")
cpu = r.get("cpu_microseconds_per_request") or {}
if cpu:
    print("    CPU per transfer, measured drive  " + ", ".join(f"{name} {value:,.0f} µs" for name, value in cpu.items()))
    print(f"    cores busy during the drive   {cpu['total'] * r['requests_per_second'] / 1e6:>10.2f}")
passed = all(a['conserved'] for a in r['verification']['assets']) and not r['verification']['mismatches']
print(f"    verification                  {'PASSED' if passed else 'FAILED'}")
json.dump({"transfers_per_second": r["requests_per_second"], "latency": lat, "events_appended_per_second": events,
           "db_ceiling_rows_per_second": {"before": before, "after": after, "mean": ceiling},
           "ratio_events_to_ceiling": {"mean": events / ceiling, "before": events / before, "after": events / after},
           "cpu_microseconds_per_request": cpu, "verification_passed": passed}, open(sys.argv[4], "w"), indent=2)
PY

if [ "$activation_events" -gt 0 ]; then
  echo "(d) Activation: building an account with $activation_events events (deposits through the API) and three with 100 ..."
  "${loadtest[@]}" activation-prepare --url "$api" --events "$activation_events" --state "$out/activation.json" 2> >(tr '\r' '\n' | tail -n 4 >&2)
  echo "    restarting the cluster so that no account is active ..."
  stop_cluster
  start_cluster
  "${loadtest[@]}" activation-probe --url "$api" --state "$out/activation.json" | tee "$out/activation.txt" | sed 's/^/    /'
fi
echo "Done; details in $out/."
