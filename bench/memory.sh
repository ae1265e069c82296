#!/usr/bin/env bash
# Memory under two stresses, read from outside the process (/proc and the JVM's GC log):
#   1. 10 000 idle client connections: Slotway's resident memory (RSS) before and after.
#   2. KEYS * over 1 000 000 keys on 3 shards (sharded mode): reply size, Slotway's heap peak from the GC log,
#      and its peak RSS (VmHWM), against twice the reply size.
# Writes bench/results/memory.md. Bounded: fixed key and connection counts, every client under `timeout`.
#   bench/memory.sh [--connections N] [--keys N]
set -euo pipefail
cd "$(dirname "$0")/.."

connections=10000
keys=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ulimit -n $((connections + 1024))

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bench_name=memory
. bench/lib.sh
build
kb() { awk -v f="$2" '$1 == f":" {print $2}' "/proc/$1/status"; }

nodes=()
for _ in 1 2 3; do
  p=$(free_port)
  mkdir -p "$work/redis-$p"
  redis-server --port "$p" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis-$p" \
    --logfile "$work/redis-$p/log" &
  pids+=($!)
  await_port "$p"
  nodes+=("$p")
done

port=$(free_port)
cat > "$work/slotway.yml" <<YAML
listen: 127.0.0.1:$port
upstreams:
  main:
    mode: sharded
    nodes: ["127.0.0.1:${nodes[0]}", "127.0.0.1:${nodes[1]}", "127.0.0.1:${nodes[2]}"]
routes:
  default: main
limits:
  max_fanout_reply_bytes: 256mb
timeouts:
  fanout: 60s
YAML
# As ./slotway runs it: no JVM flags but the GC log that reports the heap.
java -Xlog:gc:file="$work/gc.log" -jar target/slotway.jar run --config "$work/slotway.yml" \
  > "$work/slotway.log" 2>&1 &
slotway=$!
pids+=($slotway)
await_port "$port"
sleep 2
rss_start=$(kb $slotway VmRSS)

echo "opening $connections idle connections ..." >&2
java -cp "$classpath" io.slotway.bench.IdleClients "$port" "$connections" 20 > "$work/idle.out" &
idle=$!
for _ in $(seq 1 1200); do
  grep -q ready "$work/idle.out" 2>/dev/null && break
  kill -0 $idle 2>/dev/null || { echo "idle clients failed" >&2; exit 1; }
  sleep 0.1
done
sleep 3
rss_idle=$(kb $slotway VmRSS)
wait $idle || true
sleep 2

echo "writing $keys keys ..." >&2
awk -v n="$keys" 'BEGIN {
  for (i = 0; i < n; i++) {
    key = sprintf("key:%09d", i)
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n", length(key), key
  }
}' | timeout 300 redis-cli -p "$port" --pipe >/dev/null
# Each key in the reply is "$13\r\nkey:NNNNNNNNN\r\n" (20 bytes), after the array header.
reply_bytes=$(( keys * 20 + ${#keys} + 3 ))
heap_before_mb=$(( $(jcmd $slotway GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+') / 1024 ))
gc_lines_before=$(wc -l < "$work/gc.log")
# Resets the process's peak RSS (VmHWM) to its current RSS, so the peak read afterwards is the KEYS peak.
echo 5 > "/proc/$slotway/clear_refs" 2>/dev/null || true
hwm_before=$(kb $slotway VmRSS)
rss_before_keys=$(kb $slotway VmRSS)
# Heap in use, sampled while KEYS runs (jcmd GC.heap_info: "... total 123456K, used 2345K").
( for _ in $(seq 1 600); do
    jcmd $slotway GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
    sleep 0.05
  done ) > "$work/heap-samples" &
sampler=$!
start=$(date +%s.%N)
returned=$(timeout 120 redis-cli -p "$port" KEYS '*' | wc -l)
seconds=$(echo "$(date +%s.%N) - $start" | bc)
hwm_after=$(kb $slotway VmHWM)
kill $sampler 2>/dev/null || true
# The larger of: heap in use before any collection in the GC log ("Pause ... 123M->45M(...)"), and the samples.
gc_peak_mb=$(tail -n +$((gc_lines_before + 1)) "$work/gc.log" | grep -oE '[0-9]+M->[0-9]+M' | cut -dM -f1 \
  | sort -n | tail -1 || true)
sampled_peak_kb=$(sort -n "$work/heap-samples" | tail -1 || true)
sampled_peak_mb=$(( ${sampled_peak_kb:-0} / 1024 ))
heap_peak_mb=$(( ${gc_peak_mb:-0} > sampled_peak_mb ? ${gc_peak_mb:-0} : sampled_peak_mb ))
heap_peak_mb=$(( heap_peak_mb > heap_before_mb ? heap_peak_mb : heap_before_mb ))

cat > "$out/memory.md" <<MD
Machine: $(nproc) cores, JVM $(java -version 2>&1 | head -1 | cut -d'"' -f2), Slotway run as \`java -jar\` with no heap flags.

| measurement | value |
|---|---|
| RSS after start | $((rss_start / 1024)) MB |
| RSS with $connections idle clients | $((rss_idle / 1024)) MB ($(( (rss_idle - rss_start) * 1024 / connections )) bytes per client) |
| KEYS * over $keys keys, 3 shards: keys returned | $returned in ${seconds%????} s |
| reply size | $((reply_bytes / 1024 / 1024)) MB |
| heap in use before KEYS / peak during KEYS (GC log and jcmd samples) | ${heap_before_mb} MB / ${heap_peak_mb} MB (growth $(echo "scale=2; ($heap_peak_mb - $heap_before_mb) * 1048576 / $reply_bytes" | bc)x the reply; replies are held in Netty's pooled direct memory, so RSS is the fuller measure) |
| peak RSS growth during KEYS (VmHWM), heap and direct memory together | $(( (hwm_after - hwm_before) / 1024 )) MB, $(echo "scale=2; ($hwm_after - $hwm_before) * 1024 / $reply_bytes" | bc)x the reply (RSS before: $((rss_before_keys / 1024)) MB, peak: $((hwm_after / 1024)) MB) |
MD
cat "$out/memory.md"
