#!/usr/bin/env bash
# JMH microbenchmarks (classes named *Benchmark under src/test/java), with the GC profiler so every result has
# ns/op and bytes allocated per op (gc.alloc.rate.norm). Writes bench/results/jmh.txt and jmh.json.
#   bench/jmh.sh                       all benchmarks
#   bench/jmh.sh ProxyHotPath          those whose name matches; any other argument goes to JMH
#   bench/jmh.sh -f 1 -wi 1 -i 2       a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package test-compile >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
mkdir -p bench/results
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  -prof gc -rf json -rff bench/results/jmh.json "$@" | tee bench/results/jmh.txt
