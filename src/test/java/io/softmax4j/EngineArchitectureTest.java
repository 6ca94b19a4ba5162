package io.softmax4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The one seam to the engine: only {@code io.softmax4j.dl4j} names DL4J or ND4J (or their native
 * layer, JavaCPP); everything else speaks to {@code io.softmax4j.engine}. (DataVec's CSV reader,
 * a plain parsing library, stays in {@code data}.) Plus the layering: data flows one way and
 * nothing depends on the command line.
 */
class EngineArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.softmax4j");

    @Test
    void onlyTheAdapterPackageDependsOnDl4jOrNd4j() {
        noClasses().that().resideOutsideOfPackage("io.softmax4j.dl4j..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
                .check(CLASSES);
    }

    /** The one exception: MNIST provisioning falls back to DL4J's dataset downloader (not the engine). */
    @Test
    void dl4jsDatasetDownloaderIsUsedOnlyByMnistProvisioning() {
        noClasses().that().resideOutsideOfPackage("io.softmax4j.dl4j..")
                .and().doNotHaveFullyQualifiedName("io.softmax4j.data.MnistProvisioner")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.deeplearning4j..")
                .check(CLASSES);
    }

    @Test
    void theEngineInterfaceNamesNoImplementation() {
        noClasses().that().resideInAPackage("io.softmax4j.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j.dl4j..", "io.softmax4j.training..",
                        "io.softmax4j.evaluation..", "io.softmax4j.artifact..", "io.softmax4j.pipeline..",
                        "io.softmax4j.serving..", "io.softmax4j.report..", "io.softmax4j.cli..")
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.softmax4j.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.softmax4j.cli..")
                .check(CLASSES);
    }

    @Test
    void artifactAndReportDoNotDependOnTraining() {
        noClasses().that().resideInAnyPackage("io.softmax4j.artifact..", "io.softmax4j.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j.training..", "io.softmax4j.pipeline..")
                .check(CLASSES);
    }

    @Test
    void metricsRecordsStandAlone() {
        noClasses().that().resideInAPackage("io.softmax4j.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.softmax4j.engine..", "io.softmax4j.dl4j..",
                        "io.softmax4j.training..", "io.softmax4j.artifact..", "io.softmax4j.pipeline..")
                .check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.softmax4j.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
