package dev.lifeboat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.lifeboat.engine.ArchitectureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer rules of STYLE.md, held by the build. */
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
}
