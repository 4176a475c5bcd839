package dev.lifeboat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.lifeboat.engine.ArchitectureException;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer rules of docs/conventions.md, held by the build. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lifeboat");
    }

    @Test
    void engineDoesNotUseAnyUserInterfaceToolkit() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("dev.lifeboat.engine..")
                .and()
                .areNotAnnotatedWith(ArchitectureException.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..", "java.awt..", "javax.swing..")
                .because("the engine runs headless under the CLI and in tests");
        rule.check(classes);
    }

    @Test
    void engineDoesNotKnowItsFrontEnds() {
        noClasses()
                .that()
                .resideInAPackage("dev.lifeboat.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lifeboat.ui..", "dev.lifeboat.cli..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLinePrintsToStandardStreams() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lifeboat.cli..")
                .and()
                .areNotAnnotatedWith(ArchitectureException.class)
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("progress and logs leave the engine through ProgressListener and SLF4J; only cli prints")
                .check(classes);
    }

    @Test
    void userInterfaceAndCommandLineAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("dev.lifeboat.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.lifeboat.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.lifeboat.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.lifeboat.ui..", "javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void theEngineIsLayeredAndEachLayerDependsOnlyDownward() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Front ends")
                .definedBy("dev.lifeboat.ui..", "dev.lifeboat.cli..")
                .layer("Service")
                .definedBy("dev.lifeboat.engine.service..")
                .layer("Workflow")
                .definedBy("dev.lifeboat.engine.workflow..")
                .layer("Off-site")
                .definedBy("dev.lifeboat.engine.offsite..")
                .layer("Steps")
                .definedBy("dev.lifeboat.engine.steps..")
                .layer("Store")
                .definedBy("dev.lifeboat.engine.store..")
                .whereLayer("Front ends")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Service")
                .mayOnlyBeAccessedByLayers("Front ends")
                .whereLayer("Workflow")
                .mayOnlyBeAccessedByLayers("Service", "Front ends")
                .whereLayer("Off-site")
                .mayOnlyBeAccessedByLayers("Service", "Front ends")
                .whereLayer("Steps")
                .mayOnlyBeAccessedByLayers("Workflow", "Off-site", "Service", "Front ends")
                .whereLayer("Store")
                .mayOnlyBeAccessedByLayers("Workflow", "Off-site", "Service", "Front ends")
                .because("workflows and off-site copies run on the steps' runner and read and write through the"
                        + " store; the service puts them together for the front ends (ADR 0010, ADR 0012)")
                .check(classes);
    }

    @Test
    void onlyTheServiceConstructsWorkflows() {
        Set<String> workflows = Set.of(
                "dev.lifeboat.engine.workflow.BackupPlanner",
                "dev.lifeboat.engine.workflow.BackupWorkflow",
                "dev.lifeboat.engine.workflow.RestoreWorkflow",
                "dev.lifeboat.engine.workflow.DrillWorkflow",
                "dev.lifeboat.engine.workflow.MigrateWorkflow",
                "dev.lifeboat.engine.workflow.UpgradePlanner",
                "dev.lifeboat.engine.workflow.UpgradeWorkflow");
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.lifeboat.engine.service..", "dev.lifeboat.engine.workflow..")
                .should()
                .callConstructorWhere(DescribedPredicate.describe(
                        "a workflow's or the planner's constructor",
                        (JavaConstructorCall c) ->
                                workflows.contains(c.getTargetOwner().getName())))
                .because("the CLI and the wizard call the engine's service (Lifeboat, Server), which wires the"
                        + " session, the transfer and the workflows in one place")
                .check(classes);
    }

    @Test
    void sshjIsUsedOnlyWhereTheEngineReachesAServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.lifeboat.engine.remote..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .because("SSH is one package's business (ADR 0004)")
                .check(classes);
    }
}
