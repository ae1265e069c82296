# Shared by the bench scripts (sourced, not run): a scratch directory and the processes to stop on exit, loopback
# ports, and the build with its test class path.

work=$(mktemp -d "/tmp/slotway-${bench_name:-bench}.XXXXXX")
out=bench/results
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A loopback port nothing listens on, below the ephemeral range (32768+) that outgoing connections use.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port" >&2; exit 1
}

# Waits up to 10 s for something to listen on port $1; shows the logs if nothing does.
await_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "nothing listens on $1" >&2
  tail -n 5 "$work"/*.log "$work"/*/log >&2 2>/dev/null || true
  exit 1
}

# Starts a redis-server on port $1 without persistence, any further arguments added; its pid in redis_pid[port].
declare -A redis_pid
start_redis() {
  local port=$1 dir="$work/redis-$1"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --maxclients 10000 --dir "$dir" \
    --logfile "$dir/log" --daemonize no "${@:2}" &
  pids+=($!); redis_pid[$port]=$!
  await_port "$port"
}

# Starts a 3-shard Redis Cluster without replicas and waits until it serves; its ports in cluster_ports.
start_cluster() {
  cluster_ports=()
  local p
  for _ in 1 2 3; do
    # The cluster bus listens on port + 10000: kept below the ephemeral range, where a client's socket may hold it.
    p=$(free_port); while [ $((p + 10000)) -ge 32768 ]; do p=$(free_port); done
    start_redis "$p" --cluster-enabled yes --cluster-config-file "$work/redis-$p/nodes.conf"
    cluster_ports+=("$p")
  done
  timeout 60 redis-cli --cluster create "${cluster_ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
  for _ in $(seq 1 100); do
    [ "$(redis-cli -p "${cluster_ports[0]}" cluster info | tr -d '\r' | grep cluster_state)" = cluster_state:ok ] && break
    sleep 0.1
  done
}

# 80% GET and 20% SET of $2-byte values from 500 clients at once (400 reading, 100 writing, each its share of the
# $3 requests) against port $1, as one redis-benchmark CSV "test" line: ops/s over both (requests over the slower
# one's time) and the readers' p50 and p99.
mixed_load() {
  local port=$1 size=$2 requests=$3 reads=$(($3 * 4 / 5)) start end
  local common=(-h 127.0.0.1 -p "$port" -r 100000 -P 1 -d "$size" --csv)
  start=$(date +%s%N)
  timeout 300 redis-benchmark "${common[@]}" -c 100 -n $((requests - reads)) -t set >/dev/null 2>&1 &
  local writer=$!
  timeout 300 redis-benchmark "${common[@]}" -c 400 -n "$reads" -t get 2>/dev/null | tail -1 > "$work/mixed-get.csv"
  wait "$writer" || true
  end=$(date +%s%N)
  tr -d '"' < "$work/mixed-get.csv" | awk -F, -v n="$requests" -v ns=$((end - start)) \
    '{printf "\"mixed\",\"%.2f\",\"0\",\"0\",\"%s\",\"0\",\"%s\",\"0\"\n", n * 1e9 / ns, $5, $7}'
}

# Builds the jar and the test classes; sets $classpath for running bench classes.
build() {
  echo "building ..." >&2
  mvn -B -q -DskipTests package test-compile >&2
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
  classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
}

# Sets $predixy to a predixy binary, built once into target/peers from ../shared/peers, or to "" (with a note) when
# it cannot be built here.
find_predixy() {
  predixy=target/peers/predixy
  local peers=../shared/peers
  if [ ! -x "$predixy" ]; then
    if command -v g++ >/dev/null && command -v make >/dev/null && [ -f "$peers/build-predixy.sh" ]; then
      echo "building predixy once into target/peers ..." >&2
      bash "$peers/build-predixy.sh" target/peers >/dev/null
    else
      echo "note: no g++/make (or no $peers): predixy is left out" >&2
      predixy=
    fi
  fi
}

# Starts predixy as $1 on port $2 with server pool $3, with one worker thread (as twemproxy has one) and its README's
# settings otherwise; sets $predixy_pid.
start_predixy() {
  local name=$1 port=$2 pool=$3
  cat > "$work/predixy-$name.conf" <<CONF
Name predixy-$name
Bind 127.0.0.1:$port
WorkerThreads 1
ClientTimeout 300
LogInfoSample 0
LogNoticeSample 1
LogWarnSample 1
LogErrorSample 1
Authority {
    Auth {
        Mode admin
    }
}
$pool
CONF
  "$predixy" "$work/predixy-$name.conf" > "$work/predixy-$name.log" 2>&1 &
  predixy_pid=$!
  pids+=("$predixy_pid")
  await_port "$port"
}

# predixy's pool for one Redis node on port $1 (the only pool where it runs transactions).
predixy_standalone() {
  printf 'StandaloneServerPool {\n    RefreshMethod fixed\n    Group shard001 {\n        + 127.0.0.1:%s\n    }\n}\n' "$1"
}

# predixy's pool for the Redis Cluster that the node on port $1 belongs to.
predixy_cluster() {
  printf 'ClusterServerPool {\n    Servers {\n        + 127.0.0.1:%s\n    }\n}\n' "$1"
}
