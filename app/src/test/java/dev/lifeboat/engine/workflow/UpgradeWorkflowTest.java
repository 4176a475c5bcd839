package dev.lifeboat.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UpgradeWorkflowTest {
    @Test
    void anImagesRepositoryIsItsReferenceWithoutTagOrDigest() {
        assertEquals("papermerge/papermerge", UpgradeWorkflow.repo("papermerge/papermerge:3.6.0"));
        assertEquals("registry:5000/a/b", UpgradeWorkflow.repo("registry:5000/a/b:1.2"));
        assertEquals("registry:5000/a/b", UpgradeWorkflow.repo("registry:5000/a/b"));
        assertEquals("mariadb", UpgradeWorkflow.repo("mariadb@sha256:0123abcd"));
        assertEquals(
                "quay.io/sharelatex/sharelatex-pro", UpgradeWorkflow.repo("quay.io/sharelatex/sharelatex-pro:6.2.3"));
    }

    @Test
    void theRehearsalsCopyIsAProjectOfItsOwnBesideTheDrills() {
        RestoreWorkflow.Relocation r = UpgradeWorkflow.copy("Seatable.Compose");
        assertEquals("lifeboat-upgrade-seatablecompose", r.project());
        assertEquals("/var/tmp/lifeboat-drill/lifeboat-upgrade-seatablecompose", r.root());
    }
}
