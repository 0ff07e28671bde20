package dev.slipway.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The SDK is a plain Java library: agents embed it whatever they run on. */
@AnalyzeClasses(packages = "dev.slipway.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class SdkArchitectureTest {

    @ArchTest
    static final ArchRule noFrameworkAnywhere = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.quarkus..", "jakarta.enterprise..", "io.vertx..");

    /** Kafka is one way to report runs: the guard, failover, ceilings and records know nothing of it. */
    @ArchTest
    static final ArchRule kafkaOnlyInItsPackage = noClasses().that().resideOutsideOfPackage("dev.slipway.agent.kafka..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.apicurio..", "dev.slipway.events..");
}
