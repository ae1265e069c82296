package io.slotway.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns bench/run.sh's raw measurements into medians per system and workload: a markdown table with Slotway's
 * ratios to predixy, twemproxy and direct Redis, each proxy's CPU time per request and the Redis nodes', the same
 * medians as CSV, a bar chart per topology, and issue 16's targets checked.
 *
 * <p>Arguments: raw.csv, output directory, core count, Slotway event loops, requests, clients, rounds, and
 * "predixy" when predixy was measured.
 */
public final class BenchReport {

    /** Every system a topology may have, in column order; a topology measures some of them. */
    static final List<String> SYSTEMS = List.of("direct", "twemproxy", "predixy", "slotway");
    private static final List<String> TOPOLOGIES = List.of("single", "sharded", "cluster");

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        List<Measurement> raw = Measurement.read(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Map<String, Map<String, Median>> medians = Median.of(raw);
        Files.writeString(out.resolve("results.csv"), csv(medians));
        Files.writeString(out.resolve("results.md"), markdown(medians, args));
        chart(medians, out.resolve("chart.png"));
    }

    private static String csv(Map<String, Map<String, Median>> medians) {
        StringBuilder csv = new StringBuilder(
                "topology,workload,system,ops,p50_ms,p99_ms,cpu_us_per_req,redis_cpu_us_per_req\n");
        medians.forEach((row, bySystem) -> bySystem.forEach((system, m) -> csv.append(String.format(Locale.ROOT,
                "%s,%s,%.0f,%.3f,%.3f,%.2f,%.2f%n", row.replace(' ', ','), system, m.ops(), m.p50(), m.p99(),
                m.cpu(), m.redisCpu()))));
        return csv.toString();
    }

    private static String markdown(Map<String, Map<String, Median>> medians, String[] args) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s cores. Slotway event loops: %s. Per measurement: %s requests, "
                + "%s clients, keys from 100 000 (`-r 100000`); medians of %s alternating rounds. `direct` is one "
                + "Redis node, the ceiling. CPU is the proxy process's user + system time per request; Redis CPU is "
                + "the nodes' together.%s%n%n", args[2], args[3], args[4], args[5], args[6],
                args.length > 7 && args[7].equals("predixy") ? " predixy runs one worker thread."
                        : " predixy was not measured (no g++ to build it)."));
        md.append("| topology | workload | direct ops/s | twemproxy ops/s | predixy ops/s | Slotway ops/s "
                + "| S/predixy | S/twemproxy | S/direct | CPU us/req (t / p / S) | Redis CPU us/req (d / t / p / S) "
                + "| p99 ms (d / t / p / S) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        medians.forEach((row, bySystem) -> {
            String[] parts = row.split(" ");
            Median slotway = bySystem.get("slotway");
            md.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ");
            for (String system : SYSTEMS) {
                md.append(value(bySystem.get(system), Median::ops, "%.0f")).append(" | ");
            }
            for (String other : List.of("predixy", "twemproxy", "direct")) {
                Median base = bySystem.get(other);
                String format = other.equals("predixy") ? "**%.2f**" : "%.2f";
                md.append(base == null ? "–" : String.format(Locale.ROOT, format, slotway.ops() / base.ops()))
                        .append(" | ");
            }
            md.append(values(bySystem, List.of("twemproxy", "predixy", "slotway"), Median::cpu, "%.2f")).append(" | ")
                    .append(values(bySystem, SYSTEMS, Median::redisCpu, "%.2f")).append(" | ")
                    .append(values(bySystem, SYSTEMS, Median::p99, "%.3f")).append(" |\n");
        });
        md.append("\nTargets (issue 16):\n\n");
        for (Target target : Target.ALL) {
            md.append("- ").append(target.check(medians)).append('\n');
        }
        return md.toString();
    }

    private static String value(Median median, ToDoubleFunction<Median> field, String format) {
        return median == null || Double.isNaN(field.applyAsDouble(median)) ? "–"
                : String.format(Locale.ROOT, format, field.applyAsDouble(median));
    }

    private static String values(Map<String, Median> bySystem, List<String> systems, ToDoubleFunction<Median> field,
                                 String format) {
        List<String> shown = new ArrayList<>();
        systems.forEach(system -> shown.add(value(bySystem.get(system), field, format)));
        return String.join(" / ", shown);
    }

    private static void chart(Map<String, Map<String, Median>> medians, Path file) throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        for (String topology : TOPOLOGIES) {
            CategoryChart chart = new CategoryChartBuilder().width(1100).height(420)
                    .title(switch (topology) {
                        case "single" -> "One Redis node";
                        case "sharded" -> "Three nodes (sharded; direct = one node)";
                        default -> "3-shard Redis Cluster";
                    })
                    .xAxisTitle("workload").yAxisTitle("ops/s").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisLabelRotation(20);
            chart.getStyler().setAvailableSpaceFill(0.8);
            chart.getStyler().setYAxisDecimalPattern("#,###");
            Map<String, List<Double>> series = new LinkedHashMap<>();
            List<String> workloads = new ArrayList<>();
            medians.forEach((row, bySystem) -> {
                String[] parts = row.split(" ");
                if (parts[0].equals(topology)) {
                    workloads.add(parts[1]);
                    SYSTEMS.stream().filter(bySystem::containsKey).forEach(s ->
                            series.computeIfAbsent(s, k -> new ArrayList<>()).add(bySystem.get(s).ops()));
                }
            });
            if (workloads.isEmpty()) {
                continue;
            }
            series.forEach((system, values) -> {
                if (values.size() == workloads.size()) {
                    chart.addSeries(system, workloads, values);
                }
            });
            charts.add(chart);
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One line of raw.csv; CPU figures are NaN in files written before they were measured. */
    record Measurement(String topology, String workload, String system, double ops, double p50, double p99,
                       double cpu, double redisCpu) {

        static List<Measurement> read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv);
            List<Measurement> all = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length < 7 || f[4].isBlank()) {
                    continue;
                }
                all.add(new Measurement(f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), f.length > 7 ? Double.parseDouble(f[7]) : Double.NaN,
                        f.length > 8 ? Double.parseDouble(f[8]) : Double.NaN));
            }
            return all;
        }
    }

    /** Medians of a system's measurements for one workload. */
    record Median(double ops, double p50, double p99, double cpu, double redisCpu) {

        /** "topology workload" -> system -> median, topologies in order, workloads as they first appear. */
        static Map<String, Map<String, Median>> of(List<Measurement> raw) {
            Map<String, Map<String, List<Measurement>>> grouped = new LinkedHashMap<>();
            List<Measurement> byTopology = new ArrayList<>(raw);
            // Stable: workloads keep their order within each topology.
            byTopology.sort(Comparator.comparing(m -> TOPOLOGIES.indexOf(m.topology())));
            for (Measurement m : byTopology) {
                grouped.computeIfAbsent(m.topology() + " " + m.workload(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(m.system(), k -> new ArrayList<>()).add(m);
            }
            Map<String, Map<String, Median>> medians = new LinkedHashMap<>();
            grouped.forEach((row, bySystem) -> {
                if (bySystem.containsKey("slotway")) {
                    Map<String, Median> systems = new LinkedHashMap<>();
                    SYSTEMS.stream().filter(bySystem::containsKey).forEach(s -> systems.put(s, new Median(
                            median(bySystem.get(s), Measurement::ops), median(bySystem.get(s), Measurement::p50),
                            median(bySystem.get(s), Measurement::p99), median(bySystem.get(s), Measurement::cpu),
                            median(bySystem.get(s), Measurement::redisCpu))));
                    medians.put(row, systems);
                }
            });
            return medians;
        }

        private static double median(List<Measurement> values, ToDoubleFunction<Measurement> f) {
            double[] sorted = values.stream().mapToDouble(f).sorted().toArray();
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /** A target of Slotway against another system over a set of workloads: throughput, and optionally CPU. */
    record Target(String text, String topology, String workloadPattern, String other, double minRatio,
                  boolean cpuToo) {

        static final List<Target> ALL = List.of(
                new Target("one node, P1 and P16: >= 1.0x predixy, CPU <= 1.0x", "single", "-P(1|16)$", "predixy",
                        1.0, true),
                new Target("3-shard cluster, P1 and P16: >= 1.0x predixy, CPU <= 1.0x", "cluster",
                        "^(set|get|mixed80)-.*", "predixy", 1.0, true),
                new Target("3-shard cluster, MSET/MGET of 10 keys: >= 1.0x predixy", "cluster", "^m(set|get)10-",
                        "predixy", 1.0, false),
                new Target("one node, P1: >= 1.1x twemproxy", "single", "-P1$", "twemproxy", 1.1, false),
                new Target("one node, P16: >= 1.8x twemproxy", "single", "-P16$", "twemproxy", 1.8, false));

        String check(Map<String, Map<String, Median>> medians) {
            StringBuilder misses = new StringBuilder();
            int checked = 0;
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(workloadPattern);
            for (Map.Entry<String, Map<String, Median>> row : medians.entrySet()) {
                String[] parts = row.getKey().split(" ");
                Median base = row.getValue().get(other);
                if (!parts[0].equals(topology) || !pattern.matcher(parts[1]).find() || base == null) {
                    continue;
                }
                checked++;
                Median slotway = row.getValue().get("slotway");
                double ratio = slotway.ops() / base.ops();
                if (ratio < minRatio) {
                    misses.append(String.format(Locale.ROOT, " %s at %.2fx;", parts[1], ratio));
                }
                if (cpuToo && slotway.cpu() > base.cpu()) {
                    misses.append(String.format(Locale.ROOT, " %s CPU %.2f us vs %.2f us;", parts[1], slotway.cpu(),
                            base.cpu()));
                }
            }
            if (checked == 0) {
                return text + ": not measured";
            }
            return text + (misses.length() == 0 ? ": **met**" : ": **missed**:" + misses);
        }
    }
}
