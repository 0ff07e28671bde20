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
    static final ArchRule noFrameworkInTheDecisions = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.quarkus..", "jakarta.enterprise..", "org.apache.kafka..", "io.vertx..");
}
