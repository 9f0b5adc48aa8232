package dev.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of shared/ARCHITECTURE.md (and docs/DECISIONS.md where the layout changed), checked on the
 * compiled production classes with ArchUnit: a change that breaks one fails the build.
 */
class ArchitectureTest {
    private static final String OURS = "dev.parley..";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley");
    }

    @Test
    void no_package_depends_on_itself_through_another() {
        slices().matching("dev.parley.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void the_domain_imports_nothing_of_ours() {
        classes()
                .that()
                .resideInAPackage("dev.parley.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.parley.domain..", "java..")
                .check(classes);
    }

    @Test
    void the_store_knows_only_the_domain() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ours("store", "domain"))
                .check(classes);
    }

    @Test
    void wire_formats_know_only_the_domain() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.wire..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ours("wire", "domain"))
                .check(classes);
    }

    @Test
    void the_http_edge_talks_to_services_never_to_the_store_or_realtime() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.parley.store..",
                        "dev.parley.realtime..",
                        "dev.parley.node..",
                        "dev.parley.cli..",
                        "dev.parley.voice..")
                .check(classes);
    }

    @Test
    void services_never_know_who_delivers_or_serves_them() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.parley.api..",
                        "dev.parley.realtime..",
                        "dev.parley.node..",
                        "dev.parley.cli..",
                        "dev.parley.voice..")
                .check(classes);
    }

    @Test
    void auth_reads_nothing_past_the_services() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ours("auth", "domain", "wire"))
                .check(classes);
    }

    @Test
    void http_infrastructure_knows_no_handler_and_handlers_no_route_table() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.api.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.api", "dev.parley.api.handlers..", "dev.parley.service..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.parley.api.handlers..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.parley.api")
                .check(classes);
    }

    @Test
    void the_socket_protocol_reads_no_store() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.realtime.ws..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.parley.store..")
                .check(classes);
    }

    @Test
    void realtime_is_fed_through_the_ports_services_define() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.realtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.api..", "dev.parley.node..", "dev.parley.cli..", "dev.parley.voice..")
                .check(classes);
    }

    @Test
    void voice_builds_on_services_and_the_domain_only() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ours("voice", "service", "wire", "domain", "config", "outbound"))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void media_code_never_touches_the_store_or_a_service() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice.media..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.store..", "dev.parley.service..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void the_sip_stack_knows_no_call_and_no_ncco() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice.sip..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.voice.calls..", "dev.parley.voice.ncco..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void the_sip_layers_depend_only_on_the_layers_below() {
        String ua = "dev.parley.voice.sip";
        String message = "dev.parley.voice.sip.message..";
        String transport = "dev.parley.voice.sip.transport..";
        String transaction = "dev.parley.voice.sip.transaction..";
        String dialog = "dev.parley.voice.sip.dialog..";
        noClasses()
                .that()
                .resideInAPackage(message)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ua, transport, transaction, dialog)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(transport)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ua, transaction, dialog)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(transaction)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ua, dialog)
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(dialog)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ua, transaction)
                .check(classes);
    }

    @Test
    void webrtc_media_knows_no_signalling_and_its_protocols_stand_alone() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice.webrtc..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.parley.voice.sip..",
                        "dev.parley.voice.calls..",
                        "dev.parley.voice.ncco..",
                        "dev.parley.service..",
                        "dev.parley.store..")
                .check(classes);
        for (String protocol : new String[] {"stun", "ice", "dtls", "srtp"}) {
            noClasses()
                    .that()
                    .resideInAPackage("dev.parley.voice.webrtc." + protocol + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("dev.parley.voice.webrtc", "dev.parley.voice.media..")
                    .check(classes);
        }
    }

    @Test
    void nccos_are_parsed_without_knowing_sip_or_calls() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice.ncco..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.voice.calls..", "dev.parley.voice.sip..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void media_knows_neither_signalling_nor_nccos() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.voice.media..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.voice.sip..", "dev.parley.voice.ncco..", "dev.parley.voice.calls..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void only_call_control_talks_to_service_ports_in_the_voice_half() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.parley.voice.sip..",
                        "dev.parley.voice.media..",
                        "dev.parley.voice.ncco..",
                        "dev.parley.voice.websocket..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.parley.service..", "dev.parley.store..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /**
     * Issue 25: every HTTP or WebSocket request an application aims leaves through the outbound gate, so
     * no class elsewhere may build a client (Jetty's or the JDK's) or open a URL itself.
     */
    @Test
    void only_the_outbound_gate_builds_http_and_websocket_clients() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.parley.outbound..")
                .should()
                .callConstructorWhere(builds(org.eclipse.jetty.client.HttpClient.class))
                .orShould()
                .callConstructorWhere(builds(org.eclipse.jetty.websocket.client.WebSocketClient.class))
                .orShould()
                .callMethod(java.net.http.HttpClient.class, "newBuilder")
                .orShould()
                .callMethod(java.net.http.HttpClient.class, "newHttpClient")
                .orShould()
                .callMethod(java.net.URL.class, "openConnection")
                .orShould()
                .callMethod(java.net.URL.class, "openStream")
                .check(classes);
    }

    @Test
    void the_outbound_gate_knows_only_its_settings() {
        noClasses()
                .that()
                .resideInAPackage("dev.parley.outbound..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ours("outbound", "config", "domain"))
                .check(classes);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaCall<?>> builds(
            Class<?> client) {
        return com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(client)));
    }

    /** Every package of ours except {@code allowed} (and their subpackages). */
    private static String[] ours(String... allowed) {
        java.util.Set<String> allow = java.util.Set.of(allowed);
        return java.util.stream.Stream.of(
                        "api",
                        "auth",
                        "cli",
                        "config",
                        "domain",
                        "node",
                        "outbound",
                        "realtime",
                        "service",
                        "store",
                        "voice",
                        "wire")
                .filter(p -> !allow.contains(p))
                .map(p -> "dev.parley." + p + "..")
                .toArray(String[]::new);
    }
}
