#!/usr/bin/env bash
# Where a proxy's CPU goes, for a row of bench/run.sh that Slotway misses: Slotway's and predixy's user and system
# time per request under one load, in alternating rounds, and with --syscalls the system calls each makes per request
# and how many of them failed (strace -c -f on one more run each: every thread of the process is counted, and
# tracing slows the proxy, which changes how many requests one call carries: the counts are an estimate).
#
#   bench/cpu-split.sh [--topology single|cluster] [--load mixed|get|set] [--clients 50] [--size 32] [--pipeline 1]
#                      [--requests 200000] [--rounds 3] [--warm-rounds 2] [--syscalls]
#   --load mixed is run.sh's mixed80-1KB-c500-P1 (500 clients; --clients and --pipeline do not apply), with --size
#   1024 for the same values.
# Prints one line per round and proxy. Needs predixy (built once into target/peers, as run.sh does). Every load is
# bounded: a fixed request count, under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."
topology=single
load=get
clients=50
size=32
pipeline=1
requests=200000
rounds=3
# Unrecorded loads first: Slotway's JIT compiler still works through the first one or two.
warm_rounds=2
syscalls=
while [ $# -gt 0 ]; do
  case "$1" in
    --topology) topology=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --pipeline) pipeline=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warm-rounds) warm_rounds=$2; shift 2 ;;
    --syscalls) syscalls=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$topology-$load" in
  single-mixed|single-get|single-set|cluster-mixed|cluster-get|cluster-set) ;;
  *) echo "topology: single or cluster; load: mixed, get or set" >&2; exit 2 ;;
esac
command -v redis-benchmark >/dev/null || { echo "needs redis-server and redis-tools" >&2; exit 1; }
[ -z "$syscalls" ] || command -v strace >/dev/null || { echo "--syscalls needs strace" >&2; exit 1; }

bench_name=cpu-split
. bench/lib.sh
build
find_predixy
[ -n "$predixy" ] || { echo "needs predixy" >&2; exit 1; }

if [ "$topology" = cluster ]; then
  start_cluster
  node=${cluster_ports[0]}
  mode=cluster
  pool=$(predixy_cluster "$node")
else
  node=$(free_port); start_redis "$node"
  mode=standalone
  pool=$(predixy_standalone "$node")
fi
slotway=$(free_port)
printf 'listen: 127.0.0.1:%s\nupstreams:\n  main:\n    mode: %s\n    nodes: ["127.0.0.1:%s"]\nroutes:\n  default: main\n' \
  "$slotway" "$mode" "$node" > "$work/slotway.yml"
java -jar target/slotway.jar run --config "$work/slotway.yml" > "$work/slotway.log" 2>&1 &
slotway_pid=$!
pids+=("$slotway_pid")
await_port "$slotway"
px=$(free_port)
start_predixy split "$px" "$pool"

declare -A port_of=([slotway]=$slotway [predixy]=$px) pid_of=([slotway]=$slotway_pid [predixy]=$predixy_pid)
# One load against port $1; prints its ops/s.
run_load() {
  if [ "$load" = mixed ]; then
    mixed_load "$1" "$size" "$requests" | tr -d '"' | cut -d, -f2
  else
    timeout 300 redis-benchmark -h 127.0.0.1 -p "$1" -c "$clients" -n "$requests" -r 100000 -P "$pipeline" -d "$size" \
      -t "$load" --csv 2>/dev/null | tail -1 | tr -d '"' | cut -d, -f2
  fi
}
hz=$(getconf CLK_TCK)
per_request() { awk -v t="$1" -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}'; }

echo "$topology, $load, size $size, $requests requests; warming up ..." >&2
# GETs find values of the size asked for (300 000 random SETs reach about 95% of the 100 000 keys), as in run.sh,
# where SET runs first.
timeout 300 redis-benchmark -h 127.0.0.1 -p "$slotway" -c 50 -n 300000 -r 100000 -P 16 -d "$size" -t set >/dev/null 2>&1
for _ in $(seq 1 "$warm_rounds"); do
  for proxy in slotway predixy; do run_load "${port_of[$proxy]}" >/dev/null; done
done
for round in $(seq 1 "$rounds"); do
  order=(slotway predixy); [ $((round % 2)) = 0 ] && order=(predixy slotway)
  for proxy in "${order[@]}"; do
    read -r user0 system0 < <(awk '{print $14, $15}' "/proc/${pid_of[$proxy]}/stat")
    ops=$(run_load "${port_of[$proxy]}")
    read -r user1 system1 < <(awk '{print $14, $15}' "/proc/${pid_of[$proxy]}/stat")
    echo "round $round $proxy: $ops ops/s, user $(per_request $((user1 - user0))) us/req," \
      "system $(per_request $((system1 - system0))) us/req"
  done
done

if [ -n "$syscalls" ]; then
  for proxy in slotway predixy; do
    strace -c -f -p "${pid_of[$proxy]}" -o "$work/strace-$proxy.txt" 2>/dev/null &
    tracer=$!
    sleep 1
    run_load "${port_of[$proxy]}" >/dev/null
    kill -INT "$tracer" 2>/dev/null || true
    wait "$tracer" 2>/dev/null || true
    echo "$proxy system calls per request (strace -c; those under 0.001 left out), and of those failed (EAGAIN ...):"
    # strace -c's columns: % time, seconds, usecs/call, calls, errors (blank when none), syscall.
    awk -v n="$requests" 'NR > 2 && $NF !~ /total|----/ && $4 / n >= 0.001 {
        printf "  %-16s %.3f  failed %.3f\n", $NF, $4 / n, (NF == 6 ? $5 : 0) / n
      }' "$work/strace-$proxy.txt" | sort -k2 -nr
    awk -v n="$requests" 'NR > 2 && $NF !~ /total|----/ {total += $4} END {printf "  %-16s %.3f\n", "all", total / n}' \
      "$work/strace-$proxy.txt"
  done
fi
