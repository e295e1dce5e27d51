#!/usr/bin/env python3
"""Summaries of bench/profile.sh's captures.

  profile_report.py counters FILE.csv      the means of the main counters of a dotnet-counters CSV capture
  profile_report.py cpu FILE.speedscope.json [N]
      the N frames (default 25) that held the CPU in a dotnet-trace thread-time capture, converted to speedscope.

dotnet-trace's own `report topN` ranks by wall time, where threads waiting for work dominate. The thread-time
profile marks every sample of a thread running managed code with a CPU_TIME leaf (UNMANAGED_CODE_TIME when it is in
native code: waiting, the kernel, the GC); only the CPU_TIME samples are counted here, by the frame that called it
(self) and by every frame on the stack (inclusive). PollGC frames are threads parked for a suspension, most of them
the sampler's own; '?!?' frames are native stubs without symbols.
"""
import collections
import csv
import json
import sys


# The counters worth reading first, in this order (a name and, optionally, a dimension it must carry); the CSV has all.
HEADLINE = [
    ("dotnet.process.cpu.time", "cpu.mode=user"),
    ("dotnet.process.cpu.time", "cpu.mode=system"),
    ("dotnet.gc.heap.total_allocated", ""),
    ("dotnet.gc.collections", ""),
    ("dotnet.gc.pause.time", ""),
    ("dotnet.monitor.lock_contentions", ""),
    ("dotnet.thread_pool.work_item.count", ""),
    ("dotnet.thread_pool.queue.length", ""),
    ("dotnet.process.memory.working_set", ""),
    ("finaegis.transfers", ""),
    ("finaegis.eventstore.events_appended", ""),
    ("finaegis.eventstore.batch_appends", ""),
    ("finaegis.eventstore.batch_rows", ""),
    ("finaegis.eventstore.batch_commit_latency", ""),
    ("finaegis.idempotency.lookups", ""),
    ("orleans-app-requests-latency", ""),
]


def counters(path):
    series = collections.defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            series[row["Counter Name"]].append(float(row["Mean/Increment"]))
    print(f"counters, mean over the capture ({len(series)} series in {path}; the main ones):")
    for name, dimension in HEADLINE:
        for key in sorted(k for k in series if k.split(" ")[0] == name and dimension in k):
            values = series[key]
            print(f"  {sum(values) / len(values):>16,.2f}  {key[:130]}")


def cpu(path, top):
    with open(path) as f:
        profile = json.load(f)
    frames = [frame["name"] for frame in profile["shared"]["frames"]]
    self_time = collections.Counter()
    inclusive = collections.Counter()
    running = 0.0
    for thread in profile["profiles"]:
        stack, last = [], None
        for event in thread["events"]:
            at = event["at"]
            if last is not None and len(stack) > 1 and frames[stack[-1]] == "CPU_TIME":
                elapsed = at - last
                running += elapsed
                self_time[frames[stack[-2]]] += elapsed
                for frame in set(stack[:-1]):
                    inclusive[frames[frame]] += elapsed
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if running == 0:
        print(f"no managed CPU samples in {path}")
        return
    print(f"managed CPU samples: {running:,.0f} ms ({path})")
    print(f"  self, % of managed CPU (top {top}):")
    for frame, value in self_time.most_common(top):
        print(f"  {value / running:6.1%}  {frame[:150]}")
    wrappers = ("Thread (", "Process", "(Non-Activities)", "Threads", "System.Private.CoreLib!System.Threading.")
    print(f"  inclusive, % of managed CPU (top {top}, thread-pool plumbing left out):")
    shown = [(f, v) for f, v in inclusive.most_common() if not f.startswith(wrappers)][:top]
    for frame, value in shown:
        print(f"  {value / running:6.1%}  {frame[:150]}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "counters":
        counters(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "cpu":
        cpu(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 25)
    else:
        sys.exit(__doc__)
