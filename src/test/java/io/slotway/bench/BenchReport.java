package io.slotway.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bench/run.sh's raw measurements into medians per system and workload: a markdown table with the ratios
 * Slotway/twemproxy and Slotway/direct, the same medians as CSV, a bar chart, and the issue's targets checked.
 *
 * <p>Arguments: raw.csv, output directory, core count, Slotway event loops, requests, clients, rounds.
 */
public final class BenchReport {

    static final List<String> SYSTEMS = List.of("direct", "twemproxy", "slotway");

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
        StringBuilder csv = new StringBuilder("topology,workload,system,ops,p50_ms,p99_ms\n");
        medians.forEach((row, bySystem) -> bySystem.forEach((system, m) -> csv.append(String.format(Locale.ROOT,
                "%s,%s,%.0f,%.3f,%.3f%n", row.replace(' ', ','), system, m.ops(), m.p50(), m.p99()))));
        return csv.toString();
    }

    private static String markdown(Map<String, Map<String, Median>> medians, String[] args) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s cores. Slotway event loops: %s. Per measurement: %s requests, "
                + "%s clients, keys from 100 000 (`-r 100000`); medians of %s alternating rounds. "
                + "`direct` is one Redis node, the ceiling, in both topologies.%n%n", args[2], args[3], args[4],
                args[5], args[6]));
        md.append("| topology | workload | direct ops/s | twemproxy ops/s | Slotway ops/s | Slotway/twemproxy "
                + "| Slotway/direct | p50 ms (d / t / S) | p99 ms (d / t / S) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
        medians.forEach((row, bySystem) -> {
            Median direct = bySystem.get("direct");
            Median twemproxy = bySystem.get("twemproxy");
            Median slotway = bySystem.get("slotway");
            String[] parts = row.split(" ");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | **%.2f** | %.2f | %.3f / %.3f / %.3f "
                            + "| %.3f / %.3f / %.3f |%n", parts[0], parts[1], direct.ops(), twemproxy.ops(),
                    slotway.ops(), slotway.ops() / twemproxy.ops(), slotway.ops() / direct.ops(), direct.p50(),
                    twemproxy.p50(), slotway.p50(), direct.p99(), twemproxy.p99(), slotway.p99()));
        });
        md.append("\nTargets (issue 4):\n\n");
        for (Target target : Target.ALL) {
            md.append("- ").append(target.check(medians)).append('\n');
        }
        return md.toString();
    }

    private static void chart(Map<String, Map<String, Median>> medians, Path file) throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        for (String topology : List.of("single", "sharded")) {
            CategoryChart chart = new CategoryChartBuilder().width(1100).height(420)
                    .title(topology.equals("single") ? "One Redis node" : "Three nodes (sharded; direct = one node)")
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
                    SYSTEMS.forEach(s -> series.computeIfAbsent(s, k -> new ArrayList<>()).add(bySystem.get(s).ops()));
                }
            });
            if (workloads.isEmpty()) {
                continue;
            }
            series.forEach((system, values) -> chart.addSeries(system, workloads, values));
            charts.add(chart);
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One line of raw.csv. */
    record Measurement(String topology, String workload, String system, double ops, double p50, double p99) {

        static List<Measurement> read(Path csv) throws IOException {
            List<Measurement> all = new ArrayList<>();
            for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
                String[] f = line.split(",");
                if (f.length < 7 || f[4].isBlank()) {
                    continue;
                }
                all.add(new Measurement(f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            }
            return all;
        }
    }

    /** Medians of a system's measurements for one workload. */
    record Median(double ops, double p50, double p99) {

        /** "topology workload" -> system -> median, in the order workloads first appear. */
        static Map<String, Map<String, Median>> of(List<Measurement> raw) {
            Map<String, Map<String, List<Measurement>>> grouped = new LinkedHashMap<>();
            List<Measurement> byTopology = new ArrayList<>(raw);
            // Stable: workloads keep their order within each topology.
            byTopology.sort(java.util.Comparator.comparing(m -> m.topology().equals("single") ? 0 : 1));
            for (Measurement m : byTopology) {
                grouped.computeIfAbsent(m.topology() + " " + m.workload(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(m.system(), k -> new ArrayList<>()).add(m);
            }
            Map<String, Map<String, Median>> medians = new LinkedHashMap<>();
            grouped.forEach((row, bySystem) -> {
                if (bySystem.keySet().containsAll(SYSTEMS)) {
                    Map<String, Median> row2 = new LinkedHashMap<>();
                    SYSTEMS.forEach(s -> row2.put(s, new Median(median(bySystem.get(s), Measurement::ops),
                            median(bySystem.get(s), Measurement::p50), median(bySystem.get(s), Measurement::p99))));
                    medians.put(row, row2);
                }
            });
            return medians;
        }

        private static double median(List<Measurement> values, java.util.function.ToDoubleFunction<Measurement> f) {
            double[] sorted = values.stream().mapToDouble(f).sorted().toArray();
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /** A throughput (and optionally latency) target against twemproxy over a set of workloads. */
    record Target(String text, String topology, String workloadPrefix, double minRatio, double p99SlackMs) {

        static final List<Target> ALL = List.of(
                new Target("one node, pipeline 1: >= 1.0x twemproxy, p99 <= twemproxy + 0.1 ms", "single", "-P1",
                        1.0, 0.1),
                new Target("one node, pipeline 16: >= 1.2x twemproxy", "single", "-P16", 1.2, Double.NaN),
                new Target("three nodes, MGET of 10 keys: >= 1.0x twemproxy", "sharded", "mget10-", 1.0,
                        Double.NaN));

        String check(Map<String, Map<String, Median>> medians) {
            StringBuilder misses = new StringBuilder();
            int checked = 0;
            for (Map.Entry<String, Map<String, Median>> row : medians.entrySet()) {
                String[] parts = row.getKey().split(" ");
                boolean matches = parts[0].equals(topology) && (workloadPrefix.endsWith("-")
                        ? parts[1].startsWith(workloadPrefix) : parts[1].endsWith(workloadPrefix));
                if (!matches) {
                    continue;
                }
                checked++;
                Median slotway = row.getValue().get("slotway");
                Median twemproxy = row.getValue().get("twemproxy");
                double ratio = slotway.ops() / twemproxy.ops();
                if (ratio < minRatio) {
                    misses.append(String.format(Locale.ROOT, " %s at %.2fx;", parts[1], ratio));
                }
                if (!Double.isNaN(p99SlackMs) && slotway.p99() > twemproxy.p99() + p99SlackMs) {
                    misses.append(String.format(Locale.ROOT, " %s p99 %.3f ms vs %.3f ms;", parts[1], slotway.p99(),
                            twemproxy.p99()));
                }
            }
            if (checked == 0) {
                return text + ": not measured";
            }
            return text + (misses.length() == 0 ? ": **met**" : ": **missed**:" + misses);
        }
    }
}
