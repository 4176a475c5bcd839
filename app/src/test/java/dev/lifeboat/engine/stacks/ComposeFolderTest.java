package dev.lifeboat.engine.stacks;

import static dev.lifeboat.engine.stacks.Trees.classOf;
import static dev.lifeboat.engine.stacks.Trees.component;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.LocalShell;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of a compose folder (issue 21): listed as a whole where the folder is the application's own and everything
 * in it is copied anyway, entry by entry where a database or logs live in it, and not at all where the folder is not
 * the application's own or is a checkout of a repository.
 */
class ComposeFolderTest {
    @TempDir
    Path root;

    private static final String WIKI = String.join(
            "\n",
            "services:",
            "  app:",
            "    image: ghcr.io/example/wiki:2",
            "    env_file: config/wiki.env",
            "    volumes: ['/srv/wiki-data:/data']",
            "");

    private Trees tree() {
        return new Trees(root);
    }

    private static List<String> paths(DetectedStack s) {
        return s.components().stream().map(Component::path).toList();
    }

    @Test
    void aFolderWithTheAdminsConfigAndScriptsIsListedAsAWhole() throws Exception {
        Trees t = tree().file("/opt/wiki/docker-compose.yml", WIKI)
                .file("/opt/wiki/.env", "TAG=2\n")
                .file("/opt/wiki/config/wiki.env", "WIKI_SECRET=x\n")
                .file("/opt/wiki/backup.sh", "#!/bin/sh\n")
                .file("/opt/wiki/README.md", "")
                .file("/srv/wiki-data/page.md", "x");
        DetectedStack s = t.only();
        Component folder = component(s, "/opt/wiki").orElseThrow(() -> new AssertionError(paths(s)));
        assertEquals("backup", folder.componentClass().jsonName());
        assertEquals("config", folder.kind());
        assertEquals("copy", folder.method());
        assertTrue(folder.note().contains("backup.sh") && folder.note().contains("config"), folder.note());
        assertEquals(
                List.of("/opt/wiki", "/srv/wiki-data"),
                paths(s).stream().sorted().toList());
        LayoutWalkTest.assertNoComponentContainsAnother(s);
        // The folder's size is its whole content, measured once.
        assertTrue(folder.sizeBytes().getAsLong() > WIKI.length(), folder.toString());
        assertEquals(
                s,
                Detector.withBuiltInStacks()
                        .detect(new ShellProbe(new LocalShell(), root.toString()))
                        .stacks()
                        .get(0),
                "the shell scripts see the same folder");
    }

    @Test
    void aFolderHoldingADatabaseKeepsItsRowsAndListsTheRestEntryByEntry() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/wiki/docker-compose.yml",
                        WIKI + "  db:\n    image: postgres:16\n    volumes: ['./pg:/var/lib/postgresql/data']\n")
                .file("/opt/wiki/config/wiki.env", "WIKI_SECRET=x\n")
                .file("/opt/wiki/backup.sh", "#!/bin/sh\n")
                .file("/opt/wiki/pg/PG_VERSION", "16\n")
                .only();
        assertTrue(component(s, "/opt/wiki").isEmpty(), paths(s).toString());
        assertEquals("postgresql", component(s, "/opt/wiki/pg").orElseThrow().kind());
        assertEquals("dump", component(s, "/opt/wiki/pg").orElseThrow().method());
        assertEquals("backup", classOf(s, "/opt/wiki/config"));
        assertEquals("backup", classOf(s, "/opt/wiki/backup.sh"));
        assertEquals("backup", classOf(s, "/opt/wiki/docker-compose.yml"));
        LayoutWalkTest.assertNoComponentContainsAnother(s);
    }

    @Test
    void aFolderHoldingOnlyTheComposeFileEnvAndDocumentationIsLeftAsItIs() throws Exception {
        DetectedStack s = tree().file(
                        "/opt/wiki/docker-compose.yml", WIKI.replace("    env_file: config/wiki.env\n", ""))
                .file("/opt/wiki/.env", "TAG=2\n")
                .file("/opt/wiki/README.md", "")
                .file("/opt/wiki/LICENSE", "")
                .only();
        assertEquals(
                List.of("/opt/wiki/.env", "/opt/wiki/docker-compose.yml", "/srv/wiki-data"),
                paths(s).stream().sorted().toList());
    }

    @Test
    void aCheckoutOfARepositoryIsLeftToTheStacksRules() throws Exception {
        DetectedStack s = tree().file("/opt/wiki/docker-compose.yml", WIKI)
                .file("/opt/wiki/.gitignore", "config/wiki.env\n")
                .file("/opt/wiki/config/wiki.env", "WIKI_SECRET=x\n")
                .file("/opt/wiki/examples/extra.yml.example", "")
                .only();
        assertTrue(component(s, "/opt/wiki").isEmpty(), paths(s).toString());
        assertTrue(component(s, "/opt/wiki/examples").isEmpty(), paths(s).toString());
    }

    @Test
    void aComposeFileStraightInAHomeOrATopLevelFolderDoesNotMakeItTheApplicationsOwn() throws Exception {
        Trees t = tree().file("/home/bob/docker-compose.yml", WIKI)
                .file("/home/bob/config/wiki.env", "WIKI_SECRET=x\n")
                .file("/home/bob/Documents/letter.odt", "x")
                .file("/data2/docker-compose.yml", WIKI.replace("wiki-data", "wiki2-data"))
                .file("/data2/config/wiki.env", "WIKI_SECRET=x\n")
                .file("/data2/photos/a.jpg", "x");
        for (DetectedStack s : t.detect().stacks()) {
            assertTrue(component(s, s.installDir()).isEmpty(), s.installDir() + ": " + paths(s));
            assertTrue(component(s, s.installDir() + "/Documents").isEmpty(), paths(s).toString());
            assertTrue(component(s, s.installDir() + "/photos").isEmpty(), paths(s).toString());
        }
        assertEquals(2, t.detect().stacks().size());
    }

    @Test
    void aFolderThatHoldsAnotherApplicationIsNotListedAsAWhole() throws Exception {
        DetectedStack outer = tree()
                .file("/opt/stack/docker-compose.yml", WIKI)
                .file("/opt/stack/config/wiki.env", "WIKI_SECRET=x\n")
                .file(
                        "/opt/stack/papermerge/docker-compose.yml",
                        String.join(
                                "\n",
                                "services:",
                                "  web:",
                                "    image: papermerge/papermerge:3.0.3",
                                "    volumes: ['media:/core_app/media']",
                                "volumes: {media: {}}",
                                ""))
                .detect()
                .stacks()
                .stream()
                .filter(s -> s.installDir().equals("/opt/stack"))
                .findFirst()
                .orElseThrow();
        assertTrue(component(outer, "/opt/stack").isEmpty(), paths(outer).toString());
    }
}
