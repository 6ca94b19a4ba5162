package io.softmax4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The model artifact and the serving API stand apart from the training code; the CLI stays DL4J-free. */
class ArtifactArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.softmax4j");

    /** What an application needs to classify: the serving API and the artifact classes it loads models with. */
    @Test
    void servingAndModelLoadingDoNotDependOnTrainingCode() {
        noClasses().that().resideInAnyPackage("io.softmax4j.serving..")
                .or().haveNameMatching("io\\.softmax4j\\.artifact\\.(SafeModelLoader|LoadedModel|ModelManifest|ManifestCodec"
                        + "|CoefficientsReader|ParameterDigest|ModelFileException|Versions)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j.training..", "io.softmax4j.pipeline..",
                        "io.softmax4j.cli..", "io.softmax4j.config..", "io.softmax4j.data..", "io.softmax4j.model..",
                        "io.softmax4j.evaluation..")
                .check(CLASSES);
    }

    @Test
    void cliHasNoDl4jImports() {
        noClasses().that().resideInAPackage("io.softmax4j.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(CLASSES);
    }

    @Test
    void thePlainDl4jConsumerUsesNoSoftmax4jClass() {
        // the example programs compile with the tests (src/examples/java), not into the jar
        JavaClasses examples = new ClassFileImporter().importPackages("examples");
        noClasses().that().haveFullyQualifiedName("examples.PlainDl4jConsumer")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j..")
                .check(examples);
    }
}
