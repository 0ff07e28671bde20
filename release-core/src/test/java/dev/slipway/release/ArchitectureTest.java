package dev.slipway.release;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

@AnalyzeClasses(packages = "dev.slipway.release", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule releaseCoreIsPlainJava = noClasses()
            .that().resideInAPackage("dev.slipway.release..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "jakarta..")
            .because("release-core is the plain-Java decision logic (digest, validation, diff, signatures) shared by the "
                    + "builder, the SDK and the CLI; it must be unit-testable and embeddable without Kafka or Quarkus");

    /** The rule above can fail: the same rule aimed at a library release-core does use reports violations. */
    @Test
    void theRuleIsNotVacuous() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway.release");
        assertThat(classes).isNotEmpty();
        ArchRule sameShapeOnJackson = noClasses().that().resideInAPackage("dev.slipway.release..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..");
        assertThat(sameShapeOnJackson.evaluate(classes).hasViolation()).isTrue();
        assertThat(releaseCoreIsPlainJava.evaluate(classes).hasViolation()).isFalse();
    }
}
