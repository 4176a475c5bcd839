package dev.lifeboat.ui.detected;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Evidence;
import dev.lifeboat.engine.stacks.Detection;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DetectedViewModelTest {
    private final DetectedViewModel vm = new DetectedViewModel();

    private static DetectedStack overleaf() {
        return new DetectedStack(
                "overleaf",
                "Overleaf",
                "server-pro",
                "4.2.0",
                "/srv/overleaf-toolkit",
                List.of(
                        new Component(
                                "/srv/overleaf-toolkit/data/mongo",
                                ComponentClass.BACKUP,
                                "mongodb",
                                "dump",
                                OptionalLong.of(3 * 1024 * 1024),
                                "MongoDB"),
                        new Component(
                                "/srv/overleaf-toolkit/data/sharelatex/data/cache",
                                ComponentClass.EPHEMERAL,
                                "files",
                                "none",
                                OptionalLong.empty(),
                                "cache")),
                List.of(new Evidence("file /srv/overleaf-toolkit/config/overleaf.rc", 30)));
    }

    private static DetectedStack nuxeo() {
        return new DetectedStack("nuxeo", "Nuxeo", null, null, "/opt/nuxeo", List.of(), List.of());
    }

    @Test
    void theCardShowsNameEditionVersionAndFolderInWords() {
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        assertEquals("Overleaf", vm.nameProperty().get());
        assertEquals("Server Pro", vm.editionProperty().get());
        assertEquals("version 4.2.0", vm.versionProperty().get());
        assertEquals("/srv/overleaf-toolkit", vm.installDirProperty().get());
        assertTrue(
                vm.summaryProperty().get().startsWith("2 components · backup 1 (3.0 MB)"),
                vm.summaryProperty().get());
    }

    @Test
    void rowsCarryBadgeStylesHumanSizesAndSortKeys() {
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        ComponentRow mongo = vm.rows().get(0);
        assertEquals("badge-backup", mongo.badgeStyle());
        assertEquals("3.0 MB", mongo.sizeText());
        ComponentRow cache = vm.rows().get(1);
        assertEquals("ephemeral", cache.classLabel());
        assertEquals("—", cache.sizeText());
        assertEquals(-1, cache.sizeBytes());
        assertTrue(mongo.classOrder() < cache.classOrder());
    }

    @Test
    void aChoiceIsOfferedOnlyWhenSeveralStacksAreFound() {
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        assertFalse(vm.choiceNeededProperty().get());
        vm.show(new Detection(List.of(overleaf(), nuxeo()), List.of(), List.of(), 3));
        assertTrue(vm.choiceNeededProperty().get());
        vm.selectedProperty().set(vm.stacks().get(1));
        assertEquals("Nuxeo", vm.nameProperty().get());
        assertEquals("", vm.editionProperty().get());
        assertEquals("version unknown", vm.versionProperty().get());
    }

    @Test
    void nextIsPossibleOnlyOnceAStackIsShown() {
        assertFalse(vm.canGoNextProperty().get());
        vm.probing("folder /tmp/x");
        assertFalse(vm.canGoNextProperty().get());
        assertTrue(vm.messageProperty().get().contains("/tmp/x"));
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        assertTrue(vm.canGoNextProperty().get());
    }

    @Test
    void nothingFoundSaysWhatWasLookedAt() {
        vm.show(new Detection(List.of(), List.of("searched /opt, /srv"), List.of(), 2));
        assertFalse(vm.canGoNextProperty().get());
        assertTrue(
                vm.messageProperty().get().contains("searched /opt, /srv"),
                vm.messageProperty().get());
    }

    @Test
    void failureAndCancelAreSaidPlainly() {
        vm.probing("srv-a");
        vm.fail("connection lost");
        assertEquals(DetectedViewModel.State.FAILED, vm.stateProperty().get());
        assertEquals("Detection failed: connection lost", vm.messageProperty().get());
        vm.cancelled();
        assertEquals("Detection cancelled.", vm.messageProperty().get());
    }

    @Test
    void evidenceLinesShowWeightAndWhat() {
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        assertEquals(List.of("+30  file /srv/overleaf-toolkit/config/overleaf.rc"), vm.evidence());
    }

    @Test
    void foldersClosedToTheLoginAreSaidAndLookingAsRootIsOfferedWhenPossible() {
        vm.offerRoot(true);
        vm.show(new Detection(
                List.of(overleaf()), List.of(), List.of("find: '/opt/mariadb/mysql': Permission denied"), 3));
        assertTrue(vm.readNoteProperty().get().contains("closed to this login"));
        assertTrue(vm.lookAsRootShownProperty().get());
        assertTrue(vm.evidence().stream().anyMatch(e -> e.startsWith("could not read: ")));

        vm.offerRoot(false); // the login is root already
        assertFalse(vm.lookAsRootShownProperty().get());

        vm.offerRoot(true);
        vm.probing("server");
        assertEquals("", vm.readNoteProperty().get());
        vm.show(new Detection(List.of(overleaf()), List.of(), List.of(), 3));
        assertFalse(vm.lookAsRootShownProperty().get(), "nothing closed: nothing to offer");
    }
}
