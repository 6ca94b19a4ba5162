package io.softmax4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Pictures read result records, and image preparation stands alone: neither touches DL4J. */
class PicturesArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.softmax4j");

    @Test
    void reportAndImagingUseNoDl4jTypes() {
        noClasses().that().resideInAnyPackage("io.softmax4j.report..", "io.softmax4j.imaging..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void imagingDependsOnNoOtherSoftmax4jPackage() {
        noClasses().that().resideInAPackage("io.softmax4j.imaging..")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j.config..", "io.softmax4j.data..",
                        "io.softmax4j.model..", "io.softmax4j.training..", "io.softmax4j.evaluation..",
                        "io.softmax4j.artifact..", "io.softmax4j.report..", "io.softmax4j.pipeline..",
                        "io.softmax4j.cli..")
                .check(CLASSES);
    }
}
