package io.slotway.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** routes: prefix routes and the checks that leave no key without an unambiguous route. */
class RoutesBinderTest {

    private static final String UPSTREAMS = """
            listen: 127.0.0.1:6380
            upstreams:
              main: {mode: standalone, nodes: ["127.0.0.1:6379"]}
              users: {mode: standalone, nodes: ["127.0.0.1:6378"]}
              tenant: {mode: standalone, nodes: ["127.0.0.1:6377"]}
            """;

    private static List<String> problems(String routes) {
        try {
            ConfigLoader.parse(UPSTREAMS + routes, "test");
        } catch (ConfigException e) {
            return e.problems();
        }
        return fail("expected problems with:\n" + routes);
    }

    @Test
    void prefixRoutesBindWithTheirOptions() throws ConfigException {
        RoutesConfig routes = ConfigLoader.parse(UPSTREAMS + """
                routes:
                  default: main
                  prefixes:
                    - {prefix: "user:", upstream: users, read_upstream: main}
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true}
                """, "test").routes();
        assertThat(routes.defaultUpstream()).isEqualTo("main");
        assertThat(routes.caseInsensitive()).isFalse();
        assertThat(routes.prefixes()).containsExactly(
                new PrefixRouteConfig("user:", "users", false, "main", List.of()),
                new PrefixRouteConfig("t1:", "tenant", true, null, List.of()));
    }

    @Test
    void mirrorsBindWithWritesOnlyAndTheWholeShareByDefault() throws ConfigException {
        RoutesConfig routes = ConfigLoader.parse(UPSTREAMS + """
                routes:
                  default: main
                  default_mirror: [{upstream: users}]
                  prefixes:
                    - prefix: "t1:"
                      upstream: tenant
                      mirror: [{upstream: users, fraction: 0.25, writes_only: false}]
                """, "test").routes();
        assertThat(routes.defaultMirrors()).containsExactly(new MirrorConfig("users", 1, true));
        assertThat(routes.prefixes().get(0).mirrors()).containsExactly(new MirrorConfig("users", 0.25, false));
    }

    @Test
    void mirrorToTheRoutesOwnOrAnUnknownUpstreamIsAnError() {
        assertThat(problems("""
                routes:
                  default: main
                  default_mirror: [{upstream: main}, {upstream: nowhere, fraction: 3}]
                """)).containsExactly(
                "routes.default_mirror[0].upstream: 'main' is the route's own upstream (expected: another one)",
                "routes.default_mirror[1].upstream: upstream 'nowhere' is not defined (expected one of: main, users, "
                        + "tenant)",
                "routes.default_mirror[1].fraction: '3' (expected: a number from 0 to 1)");
    }

    @Test
    void duplicatePrefixIsAnErrorNamingBothEntries() {
        assertThat(problems("""
                routes:
                  default: main
                  prefixes:
                    - {prefix: "a:", upstream: users}
                    - {prefix: "a:", upstream: tenant}
                """)).containsExactly("routes.prefixes[1].prefix: 'a:' is already routed by routes.prefixes[0] "
                + "(expected: each prefix once)");
    }

    @Test
    void prefixesDifferingOnlyInCaseCollideWhenCaseInsensitive() {
        assertThat(problems("""
                routes:
                  default: main
                  case_insensitive: true
                  prefixes:
                    - {prefix: "a:", upstream: users}
                    - {prefix: "A:", upstream: tenant}
                """)).singleElement().asString().startsWith("routes.prefixes[1].prefix: 'A:' is already routed");
    }

    @Test
    void unknownUpstreamsAreErrorsWithTheirPath() {
        assertThat(problems("""
                routes:
                  default: main
                  prefixes:
                    - {prefix: "a:", upstream: nowhere, read_upstream: elsewhere}
                """)).containsExactly(
                "routes.prefixes[0].upstream: upstream 'nowhere' is not defined (expected one of: main, users, tenant)",
                "routes.prefixes[0].read_upstream: upstream 'elsewhere' is not defined (expected one of: main, users, "
                        + "tenant)");
    }

    @Test
    void noDefaultIsAnErrorUnlessUnmatchedKeysAreRefused() throws ConfigException {
        assertThat(problems("""
                routes:
                  prefixes:
                    - {prefix: "a:", upstream: users}
                """)).singleElement().asString().startsWith("routes.default: missing: a key no prefix matches would "
                + "have nowhere to go");
        assertThat(problems("routes: {}\n")).containsExactly(
                "routes.default: missing (expected: the name of an upstream)");
        RoutesConfig refusing = ConfigLoader.parse(UPSTREAMS + """
                routes:
                  unmatched: refuse
                  prefixes:
                    - {prefix: "a:", upstream: users}
                """, "test").routes();
        assertThat(refusing.defaultUpstream()).isNull();
    }

    @Test
    void anUpstreamWhosePrefixIsRemovedServesNoOtherRoute() {
        assertThat(problems("""
                routes:
                  default: tenant
                  prefixes:
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true}
                """)).containsExactly("routes.prefixes[0].upstream: upstream 'tenant' also serves routes.default, and "
                + "with remove_prefix their keys would collide (expected: an upstream of a remove_prefix route serves "
                + "that route alone)");
        assertThat(problems("""
                routes:
                  default: main
                  prefixes:
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true}
                    - {prefix: "t2:", upstream: users, read_upstream: tenant}
                """)).singleElement().asString().startsWith("routes.prefixes[1].read_upstream: upstream 'tenant' also "
                + "serves routes.prefixes[0]");
    }

    @Test
    void prefixLongerThanEnvoysBoundIsAnError() {
        assertThat(problems("""
                routes:
                  default: main
                  prefixes:
                    - {prefix: "%s", upstream: users}
                """.formatted("x".repeat(1001)))).containsExactly(
                "routes.prefixes[0].prefix: 1001 bytes (expected: at most 1000)");
    }

    @Test
    void emptyPrefixIsAnErrorSinceTheDefaultTakesEveryOtherKey() {
        assertThat(problems("""
                routes:
                  default: main
                  prefixes:
                    - {prefix: "", upstream: users}
                """)).containsExactly("routes.prefixes[0].prefix: empty (expected: a prefix; routes.default takes "
                + "the keys no prefix matches)");
    }

    @Test
    void removedPrefixCannotBeCaseInsensitive() {
        assertThat(problems("""
                routes:
                  default: main
                  case_insensitive: true
                  prefixes:
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true}
                """)).singleElement().asString().startsWith("routes.prefixes[0].remove_prefix: with "
                + "routes.case_insensitive");
    }

    @Test
    void caseInsensitiveDuplicatesFoldAsciiLettersOnlyAsTheTrieDoes() throws ConfigException {
        RoutesConfig routes = ConfigLoader.parse(UPSTREAMS + """
                routes:
                  default: main
                  case_insensitive: true
                  prefixes:
                    - {prefix: "É:", upstream: users}
                    - {prefix: "é:", upstream: tenant}
                """, "test").routes();
        assertThat(routes.prefixes()).hasSize(2);
    }
}
