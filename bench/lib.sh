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
