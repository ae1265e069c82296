package io.slotway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies run one way, down the layers below, as README's design section draws them: a package may use
 * those under it and never one above it or a peer of its own layer. So the stateful client modes to come plug into
 * {@code session} from above, and {@code session} and {@code protocol} stay free of what uses them.
 */
@AnalyzeClasses(packages = "io.slotway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Top to bottom; packages in one row are peers that must not use each other. */
    static final List<List<String>> LAYERS = List.of(
            List.of("io.slotway"),
            List.of("io.slotway.cli"),
            List.of("io.slotway.migrate"),
            List.of("io.slotway.demo"),
            List.of("io.slotway.server"),
            List.of("io.slotway.admin"),
            List.of("io.slotway.generation"),
            List.of("io.slotway.dispatch"),
            List.of("io.slotway.transaction", "io.slotway.blocking", "io.slotway.pubsub", "io.slotway.monitor",
                    "io.slotway.tracking"),
            List.of("io.slotway.local", "io.slotway.forward", "io.slotway.fault"),
            List.of("io.slotway.session"),
            List.of("io.slotway.auth"),
            List.of("io.slotway.route"),
            List.of("io.slotway.upstream.cluster"),
            List.of("io.slotway.upstream"),
            List.of("io.slotway.tls"),
            List.of("io.slotway.loop"),
            List.of("io.slotway.metrics.counters"),
            List.of("io.slotway.metrics"),
            List.of("io.slotway.config"),
            List.of("io.slotway.command"),
            List.of("io.slotway.keyspace"),
            List.of("io.slotway.protocol"));

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("io.slotway.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThePackagesBelowIt = CompositeArchRule.of(downwardOnly())
            .as("each package uses only the packages below it in ArchitectureTest.LAYERS");

    @ArchTest
    static final ArchRule sessionImportsNothingAboveIt = usesNothingAbove("io.slotway.session");

    @ArchTest
    static final ArchRule protocolImportsNothingAboveIt = usesNothingAbove("io.slotway.protocol");

    @ArchTest
    static final ArchRule everyPackageHasAPlaceInTheLayers = classes().should()
            .resideInAnyPackage(LAYERS.stream().flatMap(List::stream).toArray(String[]::new))
            .as("every package has a place in ArchitectureTest.LAYERS");

    private static List<ArchRule> downwardOnly() {
        List<ArchRule> rules = new ArrayList<>();
        for (List<String> layer : LAYERS.subList(1, LAYERS.size())) {
            layer.forEach(pkg -> rules.add(usesNothingAbove(pkg)));
        }
        return rules;
    }

    /** {@code pkg} depends on no package above its layer and on no peer in it. */
    private static ArchRule usesNothingAbove(String pkg) {
        List<String> forbidden = new ArrayList<>();
        for (List<String> layer : LAYERS) {
            if (layer.contains(pkg)) {
                layer.stream().filter(peer -> !peer.equals(pkg)).forEach(forbidden::add);
                break;
            }
            forbidden.addAll(layer);
        }
        return noClasses().that().resideInAPackage(pkg).should().dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .as(pkg + " uses no package above it");
    }
}
