#!/usr/bin/env bash
# Side-by-side benchmark: direct Redis, twemproxy (nutcracker), predixy and Slotway, measured with redis-benchmark
# in one run on loopback, alternating systems so machine drift hits them alike, on one node, three sharded nodes
# (direct, twemproxy, Slotway) and a 3-shard Redis Cluster (predixy, Slotway). predixy is built once into
# target/peers/ from ../shared/peers when g++ is there, and left out with a note otherwise. Beside ops/s every
# measurement records the proxy's CPU time per request (user + system, from /proc: far steadier than ops/s on a
# shared machine) and the Redis nodes' together. Writes bench/results/:
#   raw.csv      every measurement (round, topology, workload, system, ops/s, p50, p99, proxy and Redis CPU us/req)
#   results.md   medians per system and workload, with Slotway's ratios to predixy, twemproxy and direct
#   results.csv  the same medians
#   chart.png    ops/s per workload and system
#
#   bench/run.sh                 5 rounds and 1 warm-up round of 200 000 requests per measurement (~45 min, 2 cores)
#   bench/run.sh --rounds 1 --requests 50000     a quick look
#   --warm-rounds N (1): full rounds run first and not recorded, so the JIT has compiled every measured path
#   (unwarmed, Slotway's first round after the warm-up loads below still spent up to 2 us per request in C2).
#   bench/run.sh --only 'sharded-mget'           only measurements whose "topology-workload" matches the regex
#   topologies: single, sharded, cluster; workloads: set/get-<size>B-P<n>, mget10-P<n>, mset10-P<n> (cluster),
#   mixed80-1KB-c500-P1 (80% GET, 20% SET of 1 KB values from 500 clients)
# Every load is bounded: a fixed request count per measurement, and each redis-benchmark under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
warm_rounds=1
requests=200000
clients=50
# SLOTWAY_THREADS: Slotway's event_loop_threads; unset, its default (half the cores, at least 1).
threads=${SLOTWAY_THREADS:-0}
only=.
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --warm-rounds) warm_rounds=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-benchmark >/dev/null || need+=(redis-tools)
command -v nutcracker >/dev/null || [ -x /usr/sbin/nutcracker ] || need+=(nutcracker)
command -v mvn >/dev/null || need+=(maven)
command -v java >/dev/null || need+=(default-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nutcracker=$(command -v nutcracker || echo /usr/sbin/nutcracker)

bench_name=bench
. bench/lib.sh
build

find_predixy

single=$(free_port); start_redis "$single"
shard_ports=()
for _ in 1 2 3; do p=$(free_port); start_redis "$p"; shard_ports+=("$p"); done
start_cluster

nc_single=$(free_port); nc_sharded=$(free_port)
cat > "$work/nutcracker.yml" <<YAML
single:
  listen: 127.0.0.1:$nc_single
  hash: fnv1a_64
  distribution: ketama
  redis: true
  server_connections: 1
  servers:
   - 127.0.0.1:$single:1
sharded:
  listen: 127.0.0.1:$nc_sharded
  hash: fnv1a_64
  distribution: ketama
  redis: true
  server_connections: 1
  servers:
   - 127.0.0.1:${shard_ports[0]}:1
   - 127.0.0.1:${shard_ports[1]}:1
   - 127.0.0.1:${shard_ports[2]}:1
YAML
"$nutcracker" -c "$work/nutcracker.yml" -o "$work/nutcracker.log" -p "$work/nutcracker.pid" &
pids+=($!); declare -A proxy_pid; proxy_pid[twemproxy-single]=$!; proxy_pid[twemproxy-sharded]=$!
await_port "$nc_single"; await_port "$nc_sharded"

start_slotway() {
  local name=$1 port=$2 mode=$3 nodes=$4
  cat > "$work/slotway-$name.yml" <<YAML
listen: 127.0.0.1:$port
event_loop_threads: $threads
upstreams:
  main:
    mode: $mode
    hash: fnv1a_64
    nodes: [$nodes]
routes:
  default: main
YAML
  [ "$mode" = sharded ] || sed -i '/hash: fnv1a_64/d' "$work/slotway-$name.yml"
  # SLOTWAY_JAVA_OPTS: extra JVM flags, {name} standing for single or sharded, e.g. to profile a run:
  #   SLOTWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/slotway-{name}.jfr,settings=profile
  local opts=${SLOTWAY_JAVA_OPTS:-}
  # shellcheck disable=SC2086  # the options are meant to split into words
  java ${opts//\{name\}/$name} -jar target/slotway.jar run --config "$work/slotway-$name.yml" > "$work/slotway-$name.log" 2>&1 &
  pids+=($!); proxy_pid[slotway-$name]=$!
  await_port "$port"
}
sw_single=$(free_port); sw_sharded=$(free_port)
start_slotway single "$sw_single" standalone "\"127.0.0.1:$single\""
start_slotway sharded "$sw_sharded" sharded \
  "\"127.0.0.1:${shard_ports[0]}\", \"127.0.0.1:${shard_ports[1]}\", \"127.0.0.1:${shard_ports[2]}\""
sw_cluster=$(free_port)
start_slotway cluster "$sw_cluster" cluster "\"127.0.0.1:${cluster_ports[0]}\""

px_single=; px_cluster=
if [ -n "$predixy" ]; then
  px_single=$(free_port); px_cluster=$(free_port)
  start_predixy single "$px_single" "$(predixy_standalone "$single")"
  proxy_pid[predixy-single]=$predixy_pid
  start_predixy cluster "$px_cluster" "$(predixy_cluster "${cluster_ports[0]}")"
  proxy_pid[predixy-cluster]=$predixy_pid
fi

# Same placement: a key written through twemproxy is found through Slotway.
redis-cli -p "$nc_sharded" set bench:placement ok >/dev/null
if [ "$(redis-cli -p "$sw_sharded" get bench:placement)" != ok ]; then
  echo "Slotway and twemproxy place keys differently; the sharded comparison would be unfair" >&2; exit 1
fi

mget=(MGET)
for _ in $(seq 1 10); do mget+=("key:__rand_int__"); done
mset=(MSET)
for _ in $(seq 1 10); do mset+=("key:__rand_int__" "v"); done

# One measurement: prints "ops/s,p50,p99" from redis-benchmark's CSV.
measure() {
  local port=$1 pipeline=$2 size=$3 workload=$4 line
  local args=(-h 127.0.0.1 -p "$port" -c "$clients" -n "$requests" -r 100000 -P "$pipeline" -d "$size" --csv)
  case "$workload" in
    set|get) line=$(timeout 300 redis-benchmark "${args[@]}" -t "$workload" 2>/dev/null | tail -1) ;;
    mget) line=$(timeout 300 redis-benchmark "${args[@]}" "${mget[@]}" 2>/dev/null | tail -1) ;;
    mset) line=$(timeout 300 redis-benchmark "${args[@]}" "${mset[@]}" 2>/dev/null | tail -1) ;;
    mixed) line=$(mixed_load "$port" "$size" "$requests") ;;
  esac
  # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  echo "$line" | tr -d '"' | awk -F, '{print $2 "," $5 "," $7}'
}

port_of() {
  case "$1-$2" in
    direct-*) echo "$single" ;;
    twemproxy-single) echo "$nc_single" ;;
    twemproxy-sharded) echo "$nc_sharded" ;;
    predixy-single) echo "$px_single" ;;
    predixy-cluster) echo "$px_cluster" ;;
    slotway-single) echo "$sw_single" ;;
    slotway-sharded) echo "$sw_sharded" ;;
    slotway-cluster) echo "$sw_cluster" ;;
  esac
}

# The systems measured on a topology: a cluster has no direct and no twemproxy; predixy only where it was built.
systems_of() {
  case "$1" in
    single) echo "direct twemproxy ${predixy:+predixy} slotway" ;;
    sharded) echo "direct twemproxy slotway" ;;
    cluster) echo "${predixy:+predixy} slotway" ;;
  esac
}

# The Redis nodes that serve a system on a topology ("direct" is always the one node).
redis_pids_of() {
  case "$1-$2" in
    direct-*|*-single) echo "${redis_pid[$single]}" ;;
    *-sharded) for p in "${shard_ports[@]}"; do echo "${redis_pid[$p]}"; done ;;
    *-cluster) for p in "${cluster_ports[@]}"; do echo "${redis_pid[$p]}"; done ;;
  esac
}

# Jiffies of user + system time used by the processes given.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}
hz=$(getconf CLK_TCK)

# Writes every key redis-benchmark's -r 100000 can name ("key:" and 12 digits) with a value of $2 bytes through
# port $1, so GET and MGET read real values of the size being measured.
fill() {
  local port=$1 size=$2
  awk -v size="$size" 'BEGIN {
    value = sprintf("%*s", size, ""); gsub(/ /, "x", value)
    for (i = 0; i < 100000; i++) {
      key = sprintf("key:%012d", i)
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(key), key, size, value
    }
  }' | timeout 120 redis-cli -p "$port" --pipe >/dev/null
}

raw="$out/raw.csv"
echo "round,topology,workload,system,ops,p50_ms,p99_ms,cpu_us_per_req,redis_cpu_us_per_req" > "$raw"
# Warm-up: JIT for Slotway (every measured path, MGET's and MSET's split and merge too), every connection opened.
for topology in single sharded cluster; do
  for system in $(systems_of "$topology"); do
    timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c "$clients" -n 200000 -r 100000 -P 16 \
      -t set,get -q >/dev/null 2>&1 || true
    timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c "$clients" -n 100000 -r 100000 -P 16 \
      "${mget[@]}" >/dev/null 2>&1 || true
    if [ "$topology" = cluster ]; then
      timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c "$clients" -n 100000 -r 100000 -P 16 \
        "${mset[@]}" >/dev/null 2>&1 || true
    fi
    # 500 clients connecting at once, as the mixed load does: Slotway's accept and session paths JIT-compiled too
    # (unwarmed, its first 500 connections cost about 1 ms of CPU each).
    for _ in 1 2 3; do
      timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c 500 -n 50000 -r 100000 -d 1024 -t get,set \
        >/dev/null 2>&1 || true
    done
  done
done

# The measurements of one value size, as "topology-workload" names.
names_of_size() {
  local size=$1 topology pipeline workload
  for topology in single sharded cluster; do
    for pipeline in 1 16; do
      for workload in set get; do echo "$topology-$workload-${size}B-P$pipeline"; done
      if [ "$size" = 32 ]; then echo "$topology-mget10-P$pipeline"; fi
      if [ "$size" = 32 ] && [ "$topology" = cluster ]; then echo "$topology-mset10-P$pipeline"; fi
    done
    if [ "$size" = 1024 ]; then echo "$topology-mixed80-1KB-c500-P1"; fi
  done
}

# Rounds below 1 warm up: measured the same way, not recorded.
for round in $(seq $((1 - warm_rounds)) "$rounds"); do
  for size in 32 4096 1024; do
    # Not grep -q: it would stop reading early, and under pipefail the writer's SIGPIPE would fail the test.
    names_of_size "$size" | grep -E -- "$only" >/dev/null || continue
    # Both topologies hold values of this size, and the single node serves as "direct" for both.
    fill "$single" "$size"
    # Through Slotway: redis-cli --pipe ends with ECHO, which twemproxy does not proxy; placement is the same.
    fill "$sw_sharded" "$size"
    fill "$sw_cluster" "$size"
    for topology in single sharded cluster; do
      read -ra systems <<< "$(systems_of "$topology")"
      for pipeline in 1 16; do
        for workload in set get mget mset mixed; do
          # 1 KB values: only the mixed load, and it pipelines nothing; the mixed load: only 1 KB values.
          [ "$size" = 1024 ] && { [ "$workload" != mixed ] || [ "$pipeline" != 1 ]; } && continue
          [ "$workload" = mixed ] && [ "$size" != 1024 ] && continue
          [ "$workload" = mget ] || [ "$workload" = mset ] && [ "$size" != 32 ] && continue
          [ "$workload" = mset ] && [ "$topology" != cluster ] && continue
          name="$workload-${size}B-P$pipeline"
          [ "$workload" = mget ] && name="mget10-P$pipeline"
          [ "$workload" = mset ] && name="mset10-P$pipeline"
          [ "$workload" = mixed ] && name="mixed80-1KB-c500-P1"
          echo "$topology-$name" | grep -Eq -- "$only" || continue
          # Rotate which system goes first, so no system always runs on a warmer or cooler machine.
          for i in $(seq 0 $(( ${#systems[@]} - 1 ))); do
            system=${systems[$(( (i + round) % ${#systems[@]} ))]}
            mapfile -t nodes < <(redis_pids_of "$system" "$topology")
            proxy=${proxy_pid[$system-$topology]:-}
            before=$(cpu_ticks ${proxy:+"$proxy"}); redis_before=$(cpu_ticks "${nodes[@]}")
            result=$(measure "$(port_of "$system" "$topology")" "$pipeline" "$size" "$workload")
            after=$(cpu_ticks ${proxy:+"$proxy"}); redis_after=$(cpu_ticks "${nodes[@]}")
            cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.2f", t * 1e6 / hz / n}')
            redis_cpu=$(awk -v t=$((redis_after - redis_before)) -v hz="$hz" -v n="$requests" \
              'BEGIN {printf "%.2f", t * 1e6 / hz / n}')
            [ "$round" -ge 1 ] && echo "$round,$topology,$name,$system,$result,$cpu,$redis_cpu" >> "$raw"
            echo "round $round $topology $name $system: $result, $cpu us CPU/req, Redis $redis_cpu" >&2
          done
        done
      done
    done
  done
done

cores=$(nproc)
loops=$threads; [ "$loops" = 0 ] && loops="$(( cores / 2 > 0 ? cores / 2 : 1 )) (the default)"
java -cp "$classpath" io.slotway.bench.BenchReport \
  "$raw" "$out" "$cores" "$loops" "$requests" "$clients" "$rounds" "${predixy:+predixy}"
echo "wrote $out/results.md, $out/results.csv, $out/chart.png" >&2
