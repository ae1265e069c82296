#!/usr/bin/env bash
# Side-by-side benchmark: direct Redis, twemproxy (nutcracker) and Slotway, measured with redis-benchmark in one
# run on loopback, alternating systems so machine drift hits all three alike. Writes bench/results/:
#   raw.csv      every measurement (round, topology, workload, system, ops/s, p50, p99)
#   results.md   medians per system and workload, with Slotway/twemproxy and Slotway/direct ratios
#   results.csv  the same medians
#   chart.png    ops/s per workload and system
#
#   bench/run.sh                 5 rounds of 200 000 requests per measurement (about 10 minutes on 2 cores)
#   bench/run.sh --rounds 1 --requests 50000     a quick look
#   bench/run.sh --only 'sharded-mget'           only measurements whose "topology-workload" matches the regex
# Every load is bounded: a fixed request count per measurement, and each redis-benchmark under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
requests=200000
clients=50
threads=${SLOTWAY_THREADS:-1}
only=.
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
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

start_redis() {
  local port=$1 dir="$work/redis-$1"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --logfile "$dir/log" --daemonize no &
  pids+=($!)
  await_port "$port"
}

single=$(free_port); start_redis "$single"
shard_ports=()
for _ in 1 2 3; do p=$(free_port); start_redis "$p"; shard_ports+=("$p"); done

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
pids+=($!)
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
  [ "$mode" = standalone ] && sed -i '/hash: fnv1a_64/d' "$work/slotway-$name.yml"
  # SLOTWAY_JAVA_OPTS: extra JVM flags, {name} standing for single or sharded, e.g. to profile a run:
  #   SLOTWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/slotway-{name}.jfr,settings=profile
  local opts=${SLOTWAY_JAVA_OPTS:-}
  # shellcheck disable=SC2086  # the options are meant to split into words
  java ${opts//\{name\}/$name} -jar target/slotway.jar run --config "$work/slotway-$name.yml" > "$work/slotway-$name.log" 2>&1 &
  pids+=($!)
  await_port "$port"
}
sw_single=$(free_port); sw_sharded=$(free_port)
start_slotway single "$sw_single" standalone "\"127.0.0.1:$single\""
start_slotway sharded "$sw_sharded" sharded \
  "\"127.0.0.1:${shard_ports[0]}\", \"127.0.0.1:${shard_ports[1]}\", \"127.0.0.1:${shard_ports[2]}\""

# Same placement: a key written through twemproxy is found through Slotway.
redis-cli -p "$nc_sharded" set bench:placement ok >/dev/null
if [ "$(redis-cli -p "$sw_sharded" get bench:placement)" != ok ]; then
  echo "Slotway and twemproxy place keys differently; the sharded comparison would be unfair" >&2; exit 1
fi

mget=(MGET)
for _ in $(seq 1 10); do mget+=("key:__rand_int__"); done

# One measurement: prints "ops/s,p50,p99" from redis-benchmark's CSV.
measure() {
  local port=$1 pipeline=$2 size=$3 workload=$4 line
  local args=(-h 127.0.0.1 -p "$port" -c "$clients" -n "$requests" -r 100000 -P "$pipeline" -d "$size" --csv)
  case "$workload" in
    set|get) line=$(timeout 300 redis-benchmark "${args[@]}" -t "$workload" 2>/dev/null | tail -1) ;;
    mget) line=$(timeout 300 redis-benchmark "${args[@]}" "${mget[@]}" 2>/dev/null | tail -1) ;;
  esac
  # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  echo "$line" | tr -d '"' | awk -F, '{print $2 "," $5 "," $7}'
}

port_of() {
  case "$1-$2" in
    direct-*) echo "$single" ;;
    twemproxy-single) echo "$nc_single" ;;
    twemproxy-sharded) echo "$nc_sharded" ;;
    slotway-single) echo "$sw_single" ;;
    slotway-sharded) echo "$sw_sharded" ;;
  esac
}

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

systems=(direct twemproxy slotway)
raw="$out/raw.csv"
echo "round,topology,workload,system,ops,p50_ms,p99_ms" > "$raw"
# Warm-up: JIT for Slotway (every measured path, MGET's split and merge too), and every connection opened.
for topology in single sharded; do
  for system in "${systems[@]}"; do
    timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c "$clients" -n 200000 -r 100000 -P 16 \
      -t set,get -q >/dev/null 2>&1 || true
    timeout 120 redis-benchmark -p "$(port_of "$system" "$topology")" -c "$clients" -n 100000 -r 100000 -P 16 \
      "${mget[@]}" >/dev/null 2>&1 || true
  done
done

# The measurements of one value size, as "topology-workload" names.
names_of_size() {
  local size=$1 topology pipeline workload
  for topology in single sharded; do
    for pipeline in 1 16; do
      for workload in set get; do echo "$topology-$workload-${size}B-P$pipeline"; done
      if [ "$size" = 32 ]; then echo "$topology-mget10-P$pipeline"; fi
    done
  done
}

for round in $(seq 1 "$rounds"); do
  for size in 32 4096; do
    # Not grep -q: it would stop reading early, and under pipefail the writer's SIGPIPE would fail the test.
    names_of_size "$size" | grep -E -- "$only" >/dev/null || continue
    # Both topologies hold values of this size, and the single node serves as "direct" for both.
    fill "$single" "$size"
    # Through Slotway: redis-cli --pipe ends with ECHO, which twemproxy does not proxy; placement is the same.
    fill "$sw_sharded" "$size"
    for topology in single sharded; do
      for pipeline in 1 16; do
        for workload in set get mget; do
          [ "$workload" = mget ] && [ "$size" != 32 ] && continue
          name="$workload-${size}B-P$pipeline"
          [ "$workload" = mget ] && name="mget10-P$pipeline"
          echo "$topology-$name" | grep -Eq -- "$only" || continue
          # Rotate which system goes first, so no system always runs on a warmer or cooler machine.
          for i in 0 1 2; do
            system=${systems[$(( (i + round) % 3 ))]}
            result=$(measure "$(port_of "$system" "$topology")" "$pipeline" "$size" "$workload")
            echo "$round,$topology,$name,$system,$result" >> "$raw"
            echo "round $round $topology $name $system: $result" >&2
          done
        done
      done
    done
  done
done

cores=$(nproc)
java -cp "$classpath" io.slotway.bench.BenchReport \
  "$raw" "$out" "$cores" "$threads" "$requests" "$clients" "$rounds"
echo "wrote $out/results.md, $out/results.csv, $out/chart.png" >&2
