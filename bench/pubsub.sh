#!/usr/bin/env bash
# Pub/sub through Slotway against direct Redis (issue 13's figures), in one run:
#   1. memory: a fresh Slotway's RSS with no subscriber, then with 5,000 and 15,000 idle ones (each on one of 100
#      channels), and the cost per subscriber. This machine caps a process at 20,000 open files, so 100,000
#      subscribers are projected from that cost, not measured;
#   2. fan-out: 1,000 subscribers on one channel, 5,000 PUBLISHes of 64 bytes; deliveries per second through
#      Slotway and directly, alternating rounds, with Slotway's CPU time per delivery.
# Writes bench/results/pubsub.md. Bounded: every load runs under `timeout`.
#   bench/pubsub.sh [--rounds 3] [--messages 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
messages=5000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v redis-server >/dev/null || { echo "needs redis-server" >&2; exit 1; }
bench_name=pubsub
. bench/lib.sh
build

redis=$(free_port)
redis-server --port "$redis" --bind 127.0.0.1 --save "" --appendonly no --maxclients 10000 --dir "$work" \
  --logfile "$work/redis.log" &
pids+=($!)
await_port "$redis"
slotway=$(free_port)
printf 'listen: 127.0.0.1:%s\nupstreams:\n  main:\n    mode: standalone\n    nodes: ["127.0.0.1:%s"]\nroutes:\n  default: main\nlimits:\n  max_clients: 100000\n' \
  "$slotway" "$redis" > "$work/slotway.yml"
java -jar target/slotway.jar run --config "$work/slotway.yml" > "$work/slotway.log" 2>&1 &
slotway_pid=$!
pids+=($slotway_pid)
await_port "$slotway"

load() { timeout 180 java -cp "$classpath" io.slotway.bench.PubSubLoad "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

echo "1. memory with idle subscribers (a fresh Slotway, before any fan-out) ..." >&2
sleep 2
base=$(rss_kb "$slotway_pid")
mem="$work/memory.csv"
for count in 5000 15000; do
  load idle "$slotway" "$count" 20 > "$work/idle.out" &
  holder=$!
  for _ in $(seq 1 1200); do grep -q ready "$work/idle.out" 2>/dev/null && break; sleep 0.1; done
  sleep 3
  rss=$(rss_kb "$slotway_pid")
  ready=$(awk '/ready/ {print $2}' "$work/idle.out")
  echo "$count,$ready,$rss" >> "$mem"
  echo "   $count subscribers ($ready acknowledged): RSS $((rss / 1024)) MB (no subscriber: $((base / 1024)) MB)" >&2
  wait "$holder" 2>/dev/null || true
  sleep 2
done

echo "warming up ..." >&2
load fanout "$slotway" 200 2000 >/dev/null

echo "2. fan-out to 1,000 subscribers, $rounds rounds ..." >&2
raw="$work/fanout.csv"
for round in $(seq 1 "$rounds"); do
  order=(direct slotway); [ $((round % 2)) = 0 ] && order=(slotway direct)
  for target in "${order[@]}"; do
    port=$redis; [ "$target" = slotway ] && port=$slotway
    t0=$(cpu_ticks "$slotway_pid")
    line=$(load fanout "$port" 1000 "$messages")
    t1=$(cpu_ticks "$slotway_pid")
    count=$(echo "$line" | awk '{print $3}'); rate=$(echo "$line" | awk '{print $7}')
    us=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$count" 'BEGIN {printf "%.2f", n ? d / hz * 1e6 / n : 0}')
    echo "$target,$rate,$us,$count" >> "$raw"
    echo "   round $round $target: $line, Slotway CPU $us us/delivery" >&2
  done
done

python3 - "$raw" "$mem" "$base" "$rounds" "$messages" > "$out/pubsub.md" <<'PY'
import csv, statistics, sys
raw, mem, base, rounds, messages = sys.argv[1:]
rows = list(csv.reader(open(raw)))
med = lambda target, i: statistics.median(float(r[i]) for r in rows if r[0] == target)
d, s, cpu = med("direct", 1), med("slotway", 1), med("slotway", 2)
m = list(csv.reader(open(mem)))
base = int(base)
(c1, _, r1), (c2, _, r2) = [(int(a), b, int(c)) for a, b, c in m]
per = (r2 - r1) / (c2 - c1)
print("# Pub/sub (bench/pubsub.sh)\n")
print(f"One redis-server, Slotway with its default event loops; medians of {rounds} alternating rounds.\n")
print("| measurement | figure |")
print("|---|---|")
print(f"| fan-out, 1,000 subscribers, {int(messages):,} messages of 64 B: deliveries/s direct | {d:,.0f} |")
print(f"| the same through Slotway | {s:,.0f} ({s / d:.2f}x direct), Slotway CPU {cpu:.2f} us per delivery |")
print(f"| Slotway RSS, no subscriber | {base / 1024:,.0f} MB |")
print(f"| Slotway RSS, {c1:,} idle subscribers | {r1 / 1024:,.0f} MB |")
print(f"| Slotway RSS, {c2:,} idle subscribers | {r2 / 1024:,.0f} MB |")
print(f"| cost per subscriber (between the two) | {per:.1f} KB |")
print(f"| projected RSS, 100,000 idle subscribers | {(r2 + per * (100000 - c2)) / 1024:,.0f} MB |")
PY
cat "$out/pubsub.md"
