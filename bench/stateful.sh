#!/usr/bin/env bash
# Transactions and blocking commands through Slotway against direct Redis, in one run (issue 12's figures):
#   1. MULTI; INCR; EXEC paced to 5,000/s for 60 s through Slotway: Redis's total_connections_received may grow by
#      no more than the dedicated pool's maximum (Envoy's design opens one connection per transaction).
#   2. MULTI; INCR; EXEC as fast as 50 clients go, one transaction at a time and 16 pipelined, Slotway vs direct
#      Redis and predixy (one worker thread, when it can be built), alternating rounds: throughput ratios and each
#      proxy's CPU time per transaction.
#   3. GET p99 of 50 other clients with 0 and with 1,000 clients blocked in BLPOP q 0, alternating rounds.
# Writes bench/results/stateful.md. Bounded: every load runs for fixed seconds under `timeout`.
#   bench/stateful.sh [--rounds 3] [--seconds 10] [--paced-seconds 60] [--only blocked]
# --only blocked runs part 3 alone and prints its rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
seconds=10
paced=60
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --paced-seconds) paced=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v redis-server >/dev/null || { echo "needs redis-server" >&2; exit 1; }
bench_name=stateful
. bench/lib.sh
build

redis=$(free_port); start_redis "$redis"
slotway=$(free_port)
# Room for all 1,000 blocked clients on one event loop (the default on two cores): with less, the ones over it are
# refused after timeouts.dedicated_acquire and part 3 would measure fewer blocked clients than it says.
pool_max=1100
printf 'listen: 127.0.0.1:%s\nupstreams:\n  main:\n    mode: standalone\n    nodes: ["127.0.0.1:%s"]\nroutes:\n  default: main\nlimits:\n  dedicated_connections_per_node: %s\n' \
  "$slotway" "$redis" "$pool_max" > "$work/slotway.yml"
java -jar target/slotway.jar run --config "$work/slotway.yml" > "$work/slotway.log" 2>&1 &
slotway_pid=$!
pids+=($slotway_pid)
await_port "$slotway"
targets=(direct slotway)
predixy=
# predixy only takes part in the throughput rounds.
[ "$only" = blocked ] || find_predixy
if [ -n "$predixy" ]; then
  px=$(free_port)
  start_predixy stateful "$px" "$(predixy_standalone "$redis")"
  targets+=(predixy)
fi
loops=$(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))

# Its fourth argument is the seconds it runs (see StatefulLoad).
load() { timeout $(( $4 + 60 )) java -cp "$classpath" io.slotway.bench.StatefulLoad "$@"; }
connections() { redis-cli -p "$redis" info stats | tr -d '\r' | awk -F: '/^total_connections_received/ {print $2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# Microseconds of CPU per request: $1 clock ticks over $2 requests.
us_per() { awk -v d="$1" -v hz="$hz" -v n="$2" 'BEGIN {printf "%.2f", n ? d / hz * 1e6 / n : 0}'; }
redis-cli -p "$redis" set bench:get v >/dev/null

echo "warming up ..." >&2
# Slotway's CPU per transaction settles after 15-20 s of this load, when the JIT's first wave of compilation ends: a
# shorter warm-up puts that compilation into the first rounds, which a long-running proxy does not pay.
load tx "$slotway" 50 20 0 >/dev/null
load tx "$slotway" 50 5 0 16 >/dev/null
load get "$slotway" 50 5 >/dev/null
[ -z "$predixy" ] || load tx "$px" 50 5 0 >/dev/null

# The port and process of target $1 (direct Redis has no proxy process to measure).
port_of() { case $1 in direct) echo "$redis" ;; slotway) echo "$slotway" ;; predixy) echo "$px" ;; esac; }
proxy_ticks() { case $1 in direct) echo 0 ;; slotway) cpu_ticks "$slotway_pid" ;; predixy) cpu_ticks "$predixy_pid" ;; esac; }

if [ "$only" != blocked ]; then
echo "1. paced transactions for $paced s ..." >&2
before=$(connections)
paced_out=$(load tx "$slotway" 50 "$paced" 5000)
after=$(connections)
opened=$((after - before))
echo "   $paced_out; Redis accepted $opened connections" >&2

echo "2. transaction throughput, $rounds rounds ..." >&2
raw="$work/tx.csv"
for round in $(seq 1 "$rounds"); do
  for depth in 1 16; do
    order=("${targets[@]}"); [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${targets[@]}" | tac))
    for target in "${order[@]}"; do
      port=$(port_of "$target")
      t0=$(proxy_ticks "$target")
      line=$(load tx "$port" 50 "$seconds" 0 "$depth")
      t1=$(proxy_ticks "$target")
      count=$(echo "$line" | awk '{print $2}'); rate=$(echo "$line" | awk '{print $6}')
      us=$(us_per $((t1 - t0)) "$count")
      echo "$target,$rate,$us,$depth" >> "$raw"
      echo "   round $round depth $depth $target: $line, proxy CPU $us us/tx" >&2
    done
  done
  # The same clients sending plain GETs: what any command costs through a proxy on this machine, for comparison.
  for target in "${order[@]}"; do
    port=$(port_of "$target")
    t0=$(proxy_ticks "$target")
    line=$(load get "$port" 50 "$seconds")
    t1=$(proxy_ticks "$target")
    count=$(echo "$line" | awk '{print $2}')
    us=$(us_per $((t1 - t0)) "$count")
    echo "$target,$(awk -v n="$count" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}'),$us,get" >> "$raw"
    echo "   round $round GET $target: $line, proxy CPU $us us/GET" >&2
  done
done

fi

# Blocks $1 clients in BLPOP through Slotway for up to $2 s, once they all wait (the holder's pid in $holder); exits
# if Redis does not see them all blocked within 30 s.
block_clients() {
  load blocked "$slotway" "$1" "$2" > "$work/blocked.out" &
  holder=$!; pids+=("$holder")
  for _ in $(seq 1 300); do grep -q ready "$work/blocked.out" 2>/dev/null && break; sleep 0.1; done
  local now
  for _ in $(seq 1 300); do
    now=$(redis-cli -p "$redis" info clients | tr -d '\r' | awk -F: '/^blocked_clients/ {print $2}') || now=0
    [ "$now" -ge "$1" ] && return
    sleep 0.1
  done
  echo "only $now of $1 clients blocked in Redis" >&2
  tail -n 5 "$work/blocked.out" "$work/slotway.log" >&2
  exit 1
}
# Lets the blocked clients go, if any, and gives Slotway a second to close their connections.
unblock_clients() {
  if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; sleep 1; fi
}

echo "3. GET p99 with and without 1,000 blocked clients, $rounds rounds ..." >&2
# One unmeasured round first: accepting, pooling and blocking 1,000 clients compiles code paths the loads above never
# ran (about 1 s of C2 time), which would otherwise fall into the first measured round.
block_clients 1000 30
load get "$slotway" 50 5 >/dev/null
unblock_clients
graw="$work/get.csv"
for round in $(seq 1 "$rounds"); do
  order=(0 1000); [ $((round % 2)) = 0 ] && order=(1000 0)
  for blocked in "${order[@]}"; do
    holder=""
    if [ "$blocked" -gt 0 ]; then
      block_clients "$blocked" $((seconds + 30))
      # Settled: the connections opened, so only their being there is measured.
      sleep 1
    fi
    t0=$(cpu_ticks "$slotway_pid")
    line=$(load get "$slotway" 50 "$seconds")
    t1=$(cpu_ticks "$slotway_pid")
    count=$(echo "$line" | awk '{print $2}')
    us=$(us_per $((t1 - t0)) "$count")
    echo "$blocked,$(echo "$line" | awk '{print $2","$4","$6}'),$us" >> "$graw"
    echo "   round $round, $blocked blocked: $line, Slotway CPU $us us/GET" >&2
    unblock_clients
  done
done

if [ "$only" = blocked ]; then
  python3 - "$graw" <<'PY'
import csv, statistics, sys
g = list(csv.reader(open(sys.argv[1])))
none = [float(r[3]) for r in g if r[0] == "0"]
some = [float(r[3]) for r in g if r[0] == "1000"]
print("p99 us without / with 1,000 blocked, per round:", list(zip(none, some)))
print(f"ratio per round: {[round(b / a, 2) for a, b in zip(none, some)]}; median ratio "
      f"{statistics.median(b / a for a, b in zip(none, some)):.2f}; ratio of median p99s "
      f"{statistics.median(some) / statistics.median(none):.2f}")
cpu = lambda b: statistics.median(float(r[4]) for r in g if r[0] == b)
print(f"Slotway CPU per GET without / with 1,000 blocked (medians): {cpu('0'):.2f} / {cpu('1000'):.2f} us")
PY
  exit 0
fi
python3 - "$raw" "$graw" "$paced_out" "$opened" "$pool_max" "$loops" "$rounds" "$seconds" "$paced" \
  "${predixy:+predixy}" > "$out/stateful.md" <<'PY'
import csv, statistics, sys
tx, get, paced, opened, pool_max, loops, rounds, seconds, paced_s, peer = sys.argv[1:]
rows = list(csv.reader(open(tx)))
med = lambda target, i, depth: statistics.median(float(r[i]) for r in rows if r[0] == target and r[3] == depth)
g = list(csv.reader(open(get)))
p99 = lambda b: statistics.median(float(r[3]) for r in g if r[0] == b)
p50 = lambda b: statistics.median(float(r[2]) for r in g if r[0] == b)
count = lambda b: statistics.median(float(r[1]) for r in g if r[0] == b)
parts = paced.split()
print(f"# Transactions and blocking commands (bench/stateful.sh)\n")
print(f"One redis-server, Slotway with its default {loops} event loops and limits.dedicated_connections_per_node: {pool_max}"
      + (", predixy with one worker thread" if peer else "") + f"; medians of {rounds} alternating rounds of {seconds} s. "
      "CPU is the proxy process's user + system time.\n")
print("| measurement | figure |")
print("|---|---|")
print(f"| MULTI; INCR; EXEC paced to 5,000/s for {paced_s} s | {int(parts[1]):,} transactions, {parts[3]} errors, {float(parts[5]):,.0f}/s |")
print(f"| connections Redis accepted meanwhile (total_connections_received) | {opened} (limit: {int(pool_max) * int(loops)}, the pool's maximum over {loops} loops) |")

def through(what, depth, unit):
    d, s, cpu = med("direct", 1, depth), med("slotway", 1, depth), med("slotway", 2, depth)
    print(f"| {what}: direct Redis | {d:,.0f} |")
    if peer:
        p, pcpu = med("predixy", 1, depth), med("predixy", 2, depth)
        print(f"| {what}: through predixy | {p:,.0f} ({p / d:.2f}x direct), predixy CPU {pcpu:.1f} us per {unit} |")
    versus = f", {s / med('predixy', 1, depth):.2f}x predixy" if peer else ""
    print(f"| {what}: through Slotway | {s:,.0f} ({s / d:.2f}x direct{versus}), Slotway CPU {cpu:.1f} us per {unit} |")
through("GET/s, 50 clients, one at a time (for comparison)", "get", "GET")
for depth in ("1", "16"):
    shape = "one at a time" if depth == "1" else depth + " pipelined"
    through(f"MULTI; INCR; EXEC/s, 50 clients, {shape}", depth, "transaction")
print(f"| GET p50 / p99, 50 clients, nobody blocked | {p50('0'):.0f} / {p99('0'):.0f} us ({count('0') / float(seconds):,.0f} GET/s) |")
# Each round measures both, one right after the other, so a round's ratio is free of the machine's drift between
# rounds; the median of those ratios is the steadier figure, the ratio of the two medians is shown beside it.
paired = [float(b[3]) / float(a[3]) for a, b in zip((r for r in g if r[0] == "0"), (r for r in g if r[0] == "1000"))]
cpu = lambda b: statistics.median(float(r[4]) for r in g if r[0] == b)
print(f"| GET p50 / p99, 50 clients, 1,000 clients blocked in BLPOP q 0 | {p50('1000'):.0f} / {p99('1000'):.0f} us "
      f"({count('1000') / float(seconds):,.0f} GET/s); p99 ratio per round {statistics.median(paired):.2f} "
      f"(median; rounds {min(paired):.2f}-{max(paired):.2f}), ratio of the median p99s {p99('1000') / p99('0'):.2f} |")
print(f"| Slotway CPU per GET without / with 1,000 clients blocked | {cpu('0'):.2f} / {cpu('1000'):.2f} us |")
PY
cat "$out/stateful.md"
