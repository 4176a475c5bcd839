package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void dockerHubPrefixesAreIgnored() {
        assertEquals(ImageRef.parse("mongo:5"), ImageRef.parse("docker.io/library/mongo:5"));
    }

    @Test
    void registryPortIsNotATag() {
        ImageRef r = ImageRef.parse("registry.local:5000/team/app");
        assertEquals("registry.local:5000/team/app", r.repository());
        assertNull(r.tag());
    }

    @Test
    void digestIsDroppedAndTagKept() {
        ImageRef r = ImageRef.parse("quay.io/sharelatex/sharelatex-pro:4.2.0@sha256:abc");
        assertEquals("quay.io/sharelatex/sharelatex-pro", r.repository());
        assertEquals("4.2.0", r.tag());
    }

    @Test
    void globsMatchRepositoryPrefixes() {
        assertTrue(ImageRef.parse("cytomine/core:5.1.0").matches("cytomine/*"));
        assertTrue(ImageRef.parse("nuxeo:10.10").matches("nuxeo"));
    }
}
