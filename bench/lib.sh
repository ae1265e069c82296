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
