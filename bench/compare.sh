#!/usr/bin/env bash
# Two builds of Slotway side by side, for a change that must not cost speed: the same redis-server nodes (one node,
# three sharded nodes, a three-shard Redis Cluster) behind a "before" and an "after" jar, measured with redis-benchmark in one run, alternating which goes first every round.
# Reports median ops/s and each proxy's CPU time per request (user + system, from /proc), the steadier number on a
# shared machine, and after/before ratios.
#
#   bench/compare.sh BEFORE.jar AFTER.jar [--rounds 5] [--requests 200000] [--before-settings Y] [--after-settings Y]
#   --*-settings: a top-level config line for that side, e.g. one jar twice, epoll against io_uring:
#     bench/compare.sh target/slotway.jar target/slotway.jar --after-settings 'transport: io_uring'
#   e.g. git worktree add /tmp/before HEAD~3 && (cd /tmp/before && mvn -q -DskipTests package) &&
#        mvn -q -DskipTests package && bench/compare.sh /tmp/before/target/slotway.jar target/slotway.jar
# Every load is bounded: a fixed request count per measurement, each redis-benchmark under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n 2,9p "$0" >&2; exit 2; }
before=$(realpath "$1"); after=$(realpath "$2"); shift 2
rounds=5
requests=200000
before_settings=
after_settings=
clients=50
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --before-settings) before_settings=$2; shift 2 ;;
    --after-settings) after_settings=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v redis-benchmark >/dev/null || { echo "needs redis-server and redis-tools" >&2; exit 1; }

bench_name=compare
. bench/lib.sh

single=$(free_port); start_redis "$single"
shards=()
for _ in 1 2 3; do p=$(free_port); start_redis "$p"; shards+=("\"127.0.0.1:$p\""); done
start_cluster
cluster=("${cluster_ports[@]/#/127.0.0.1:}")

declare -A port pid
start_slotway() {
  local jar=$1 name=$2 mode=$3 nodes=$4 settings=$5 p
  p=$(free_port)
  printf 'listen: 127.0.0.1:%s\nevent_loop_threads: 1\nupstreams:\n  main:\n    mode: %s\n    nodes: [%s]\nroutes:\n  default: main\n' \
    "$p" "$mode" "$nodes" > "$work/$name.yml"
  # The setting replaces a line of the same key (event_loop_threads: 2), or is added.
  if [ -n "$settings" ]; then
    grep -v "^${settings%%:*}:" "$work/$name.yml" > "$work/$name.tmp" || true
    echo "$settings" >> "$work/$name.tmp"; mv "$work/$name.tmp" "$work/$name.yml"
  fi
  java -jar "$jar" run --config "$work/$name.yml" > "$work/$name.log" 2>&1 &
  pids+=($!); pid[$name]=$!; port[$name]=$p
  await_port "$p"
}
for build in before after; do
  jar=$before; settings=$before_settings
  [ "$build" = after ] && jar=$after && settings=$after_settings
  start_slotway "$jar" "$build-single" standalone "\"127.0.0.1:$single\"" "$settings"
  start_slotway "$jar" "$build-sharded" sharded "$(IFS=,; echo "${shards[*]}")" "$settings"
  start_slotway "$jar" "$build-cluster" cluster "\"${cluster[0]}\"" "$settings"
done

# Jiffies of user + system time the process has used.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

mget=(MGET); for _ in $(seq 1 10); do mget+=("key:__rand_int__"); done
measure() {
  local port=$1 pipeline=$2 workload=$3
  local args=(-h 127.0.0.1 -p "$port" -c "$clients" -n "$requests" -r 100000 -P "$pipeline" -d 32 --csv)
  if [ "$workload" = mget10 ]; then
    timeout 300 redis-benchmark "${args[@]}" "${mget[@]}" 2>/dev/null | tail -1
  else
    timeout 300 redis-benchmark "${args[@]}" -t "$workload" 2>/dev/null | tail -1
  fi | tr -d '"' | cut -d, -f2
}

raw="$work/raw.csv"
for name in before-single after-single before-sharded after-sharded before-cluster after-cluster; do
  timeout 120 redis-benchmark -p "${port[$name]}" -c "$clients" -n 200000 -r 100000 -P 16 -t set,get -q >/dev/null 2>&1 || true
done
for round in $(seq 1 "$rounds"); do
  for topology in single sharded cluster; do
    for case in set-P1 get-P1 set-P16 get-P16 mget10-P16; do
      workload=${case%-P*}; pipeline=${case#*-P}
      builds=(before after); [ $((round % 2)) = 0 ] && builds=(after before)
      for build in "${builds[@]}"; do
        name="$build-$topology"
        t0=$(cpu_ticks "${pid[$name]}")
        ops=$(measure "${port[$name]}" "$pipeline" "$workload")
        t1=$(cpu_ticks "${pid[$name]}")
        us=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.2f", d / hz * 1e6 / n}')
        echo "$topology,$case,$build,$ops,$us" >> "$raw"
        echo "round $round $topology $case $build: $ops ops/s, $us us CPU/request" >&2
      done
    done
  done
done

# Medians per topology, case and build; then after/before.
python3 - "$raw" "$rounds" "$requests" <<'PY'
import csv, statistics, sys
rows = list(csv.reader(open(sys.argv[1])))
med = {}
for key in {(r[0], r[1], r[2]) for r in rows}:
    sel = [r for r in rows if (r[0], r[1], r[2]) == key]
    med[key] = (statistics.median(float(r[3]) for r in sel), statistics.median(float(r[4]) for r in sel))
print(f"Slotway before vs after, {sys.argv[2]} alternating rounds of {sys.argv[3]} requests, 50 clients, 32 B values, 1 event loop; medians\n")
print("| topology | workload | before ops/s | after ops/s | after/before | before CPU us/req | after CPU us/req | after/before |")
print("|---|---|---|---|---|---|---|---|")
for topology in ("single", "sharded", "cluster"):
    for case in ("set-P1", "get-P1", "set-P16", "get-P16", "mget10-P16"):
        b, a = med[(topology, case, "before")], med[(topology, case, "after")]
        print(f"| {topology} | {case} | {b[0]:,.0f} | {a[0]:,.0f} | {a[0]/b[0]:.2f} | {b[1]:.2f} | {a[1]:.2f} | {a[1]/b[1]:.2f} |")
PY
