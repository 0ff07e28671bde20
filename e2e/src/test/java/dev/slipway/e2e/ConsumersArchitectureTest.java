package dev.slipway.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No service reads Kafka but through service-support's intake, so no consumer can forget the topic contract or the
 * dead-letter topic. Checked on the services' main classes (the jars this module builds against).
 */
class ConsumersArchitectureTest {

    private static final String[] SERVICES = {"dev.slipway.builder..", "dev.slipway.router..", "dev.slipway.canary..",
            "dev.slipway.lineage..", "dev.slipway.service.."};
    private static final String INTAKE = "dev.slipway.service.intake..";

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slipway.builder", "dev.slipway.router", "dev.slipway.canary", "dev.slipway.lineage",
                    "dev.slipway.service");

    static final ArchRule noHandWrittenConsumers = noClasses()
            .that().resideInAnyPackage(SERVICES).and().resideOutsideOfPackage(INTAKE)
            .should().dependOnClassesThat().areAssignableTo(Consumer.class)
            .because("a service reads a topic through an Intake TopicReader, which holds every record to its topic's "
                    + "contract and dead-letters bad ones once per consumer");

    static final ArchRule noSmallRyeIncomingChannels = noClasses()
            .that().resideInAnyPackage(SERVICES)
            .should().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.reactive.messaging.Incoming")
            .because("the connector's dead-letter strategy writes a bad record again on every re-read; readers use "
                    + "the Intake");

    static final ArchRule noUngatedStreamsSources = noClasses()
            .that().resideInAnyPackage(SERVICES).and().resideOutsideOfPackage(INTAKE)
            .should().callMethodWhere(DescribedPredicate.<JavaMethodCall>describe("Topology.addSource / addGlobalStore",
                    call -> call.getTargetOwner().isEquivalentTo(Topology.class)
                            && call.getName().matches("addSource|addGlobalStore|addReadOnlyStateStore")))
            .because("a topology takes its sources from GatedStreams, which decodes each record through its topic's "
                    + "gate");

    @Test
    void services_read_kafka_only_through_the_intake() {
        assertThat(MAIN_CLASSES.stream().map(c -> c.getPackageName()))
                .as("the services' classes are on this module's class path")
                .contains("dev.slipway.builder", "dev.slipway.router.stream", "dev.slipway.canary.stream",
                        "dev.slipway.lineage", "dev.slipway.service.intake");
        noHandWrittenConsumers.check(MAIN_CLASSES);
        noSmallRyeIncomingChannels.check(MAIN_CLASSES);
        noUngatedStreamsSources.check(MAIN_CLASSES);
    }

    /** The rules can fail: the intake itself does each of the things they forbid elsewhere. */
    @Test
    void the_rules_are_not_vacuous() {
        ArchRule consumersInIntake = noClasses().that().resideInAPackage(INTAKE)
                .should().dependOnClassesThat().areAssignableTo(Consumer.class);
        assertThat(consumersInIntake.evaluate(MAIN_CLASSES).hasViolation()).isTrue();
    }
}
