package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.model.ComposeProject;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.probe.FileText;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.stacks.VersionChange.Check;
import dev.lifeboat.engine.stacks.VersionChange.Outcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Where each stack keeps its version and what a new one changes, over the shared corpus's layouts (read where they
 * are, never copied) and a few variants of their files made here.
 */
class UpgradesTest {

    /** A detected installation, its stack and its files as the upgrade reads them. */
    private record Case(Stack stack, DetectedStack detected, Map<String, FileText> files) {
        /** The same installation with one file's text (relative to the install folder) replaced or added. */
        Case with(String rel, String text) {
            Map<String, FileText> f = new LinkedHashMap<>(files);
            String path = Paths2.join(detected.installDir(), rel);
            f.put(path, new FileText(path, FileText.Status.OK, text, false));
            return new Case(stack, detected, f);
        }

        String text(String rel) {
            return files.get(Paths2.join(detected.installDir(), rel)).text();
        }

        VersionChange to(String target, String... running) {
            return Upgrades.change(stack, detected, files, List.of(running), target);
        }
    }

    private static Case corpus(String name, String stackId) throws Exception {
        Path tree = Corpus.require().resolve(name).resolve("tree");
        DetectedStack d = Detector.withBuiltInStacks().detect(new FsProbe(tree)).stacks().stream()
                .filter(s -> s.stackId().equals(stackId))
                .findFirst()
                .orElseThrow();
        Stack stack = StackRegistry.builtIn().stream()
                .filter(s -> s.id().equals(stackId))
                .findFirst()
                .orElseThrow();
        FsProbe probe = new FsProbe(tree);
        Map<String, FileText> files = new LinkedHashMap<>(probe.readFiles(Upgrades.filesToRead(stack, d)));
        files.putAll(probe.readFiles(Upgrades.moreFiles(stack, d, files)));
        return new Case(stack, d, files);
    }

    private static FileEdit edit(VersionChange c, String path) {
        return c.edits().stream()
                .filter(e -> e.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no edit of " + path + " in " + c.edits()));
    }

    private static String refusals(VersionChange c) {
        return c.refusals().stream().map(x -> x.why() + " [" + x.detail() + "]").collect(Collectors.joining("\n"));
    }

    private static List<Outcome> outcomes(VersionChange c) {
        return c.checks().stream().map(Check::outcome).toList();
    }

    @Test
    void everyShippedStackAndTheGenericOneSayHowTheyAreUpgraded() {
        for (Stack s : StackRegistry.builtIn()) {
            assertTrue(s.upgrade().isPresent(), s.id());
            assertFalse(s.upgrade().get().keep().isEmpty(), s.id());
        }
        assertTrue(new GenericComposeStack().upgrade().isPresent());
    }

    // ------------------------------------------------------------------------------------------ Overleaf Toolkit

    @Test
    void theToolkitsVersionIsConfigVersionWrittenAsBinUpgradeDoesRenamingPastFive() throws Exception {
        // The Toolkit updated (git pull) to one that knows 5.5.4: its seed version says so.
        Case c = corpus("overleaf-toolkit-4.2.0-serverpro", "overleaf").with("lib/config-seed/version", "5.5.4\n");
        String dir = "/srv/overleaf-toolkit";
        VersionChange v = c.to(
                "5.5.4", "quay.io/sharelatex/sharelatex-pro:4.2.0", "quay.io/sharelatex/git-bridge:4.2.0", "mongo:5.0");
        assertFalse(v.refused(), refusals(v));
        assertEquals("4.2.0", v.current());
        assertEquals(dir + "/config/version", v.keptIn());

        FileEdit version = edit(v, dir + "/config/version");
        assertEquals("5.5.4\n", version.after());
        assertEquals(List.of("4.2.0 -> 5.5.4"), version.changes());
        FileEdit old = edit(v, dir + "/config/__old-version");
        assertEquals("4.1.6\n", old.before(), "the one bin/upgrade kept last time is replaced");
        assertEquals("4.2.0\n", old.after());

        FileEdit rc = edit(v, dir + "/config/overleaf.rc");
        assertFalse(rc.after().contains("SHARELATEX_"), rc.after());
        assertEquals(c.text("config/overleaf.rc").replace("SHARELATEX_", "OVERLEAF_"), rc.after());
        FileEdit env = edit(v, dir + "/config/variables.env");
        assertFalse(env.after().contains("SHARELATEX_"));
        assertFalse(env.after().contains("TEXMFVAR="), "the Toolkit refuses the old TEXMFVAR from 5.0");
        assertEquals(
                c.text("config/variables.env").lines().count() - 1,
                env.after().lines().count(),
                "one line removed, nothing else");
        assertTrue(env.changes().get(0).endsWith("(62 places)"), env.changes().toString());

        assertEquals(
                List.of("quay.io/sharelatex/sharelatex-pro:5.5.4", "quay.io/sharelatex/git-bridge:5.5.4"), v.pulls());
        assertEquals(List.of("mongodb"), v.migrates());
        assertEquals(900, v.startSeconds());
    }

    @Test
    void theToolkitRefusesVersionsItsOwnFilesDoNotKnowAndTheRetractedOne() throws Exception {
        Case c = corpus("overleaf-toolkit-4.2.0-serverpro", "overleaf");
        VersionChange newer = c.to("5.5.4");
        assertEquals(List.of(Outcome.REFUSED), outcomes(newer), refusals(newer));
        assertTrue(newer.refusals().get(0).why().contains("git pull"), refusals(newer));
        assertEquals(
                "lib/config-seed/version says 4.2.0", newer.refusals().get(0).detail());

        VersionChange retracted = c.with("lib/config-seed/version", "5.0.2\n").to("5.0.1");
        assertEquals(1, retracted.refusals().size(), refusals(retracted));
        assertTrue(retracted.refusals().get(0).why().contains("retracted 5.0.1"), refusals(retracted));
        assertTrue(
                c.with("lib/config-seed/version", "5.0.2\n")
                        .to("5.0.1-with-texlive-full")
                        .refused(),
                "the same release with TeX Live full");
    }

    @Test
    void theSameAnOlderOrAMalformedVersionIsRefusedSayingWhatRuns() throws Exception {
        Case c = corpus("overleaf-toolkit-4.2.0-serverpro", "overleaf");
        assertTrue(refusals(c.to("4.2.0")).contains("already runs 4.2.0"));
        assertTrue(refusals(c.to("4.1.6")).contains("older than the 4.2.0 that runs"));
        assertTrue(refusals(c.to("latest")).contains("they look like 5.5.4"));
        assertTrue(refusals(c.to("5.5")).contains("'5.5' is not a version Overleaf uses"));
        assertTrue(refusals(c.to("5.5.4; rm -rf /")).contains("is not a version"));
        assertTrue(refusals(c.to(" ")).contains("--to VERSION"));
    }

    @Test
    void overleafSixNeedsTheLatestFiveFiveMongoEightAndTheInviteSecret() throws Exception {
        Case old = corpus("overleaf-toolkit-4.2.0-serverpro", "overleaf").with("lib/config-seed/version", "6.2.2\n");
        VersionChange refused = old.to("6.2.2");
        String why = refusals(refused);
        assertEquals(3, refused.refusals().size(), why);
        assertTrue(why.contains("latest 5.5") && why.contains("it runs 4.2.0, below 5.5"), why);
        assertTrue(why.contains("MONGO_IMAGE in config/overleaf.rc gives 5.0, below 8.0"), why);
        assertTrue(why.contains("OVERLEAF_INVITE_TOKEN_SECRET is not set"), why);

        Case ready = old.with("config/version", "5.5.4\n")
                .with(
                        "config/overleaf.rc",
                        old.text("config/overleaf.rc")
                                .replace("MONGO_IMAGE=mongo:5.0", "MONGO_IMAGE=mongo\nMONGO_VERSION=8.0"))
                .with("config/variables.env", old.text("config/variables.env") + "OVERLEAF_INVITE_TOKEN_SECRET=fake\n");
        VersionChange ok = ready.to("6.2.2");
        assertFalse(ok.refused(), refusals(ok));
        assertEquals(List.of(Outcome.NOTE, Outcome.PASSED, Outcome.PASSED, Outcome.PASSED), outcomes(ok));
        assertTrue(ok.checks().get(0).why().contains("Detection read 4.2.0"), "the corpus's detection said 4.2.0");
        assertEquals(
                List.of("/srv/overleaf-toolkit/config/__old-version", "/srv/overleaf-toolkit/config/version"),
                ok.edits().stream().map(FileEdit::path).toList(),
                "past 5.0 already: nothing renamed");
    }

    @Test
    void plainComposeOverleafWithoutATagIsRefusedSayingWhatToDo() throws Exception {
        VersionChange v = corpus("overleaf-compose-sharelatex-2022", "overleaf").to("5.5.4");
        assertNull(v.current());
        assertTrue(
                refusals(v).contains("has no tag") && refusals(v).contains("write the version that runs"), refusals(v));
    }

    // ------------------------------------------------------------------------------------------ SeaTable

    @Test
    void theVersionsOfferedAreTheNewerTagsOfTheImagesThatCarryTheVersionNewestFirst() throws Exception {
        Case c = corpus("seatable-6.1.8-compose", "seatable");
        Upgrades.Offered o = Upgrades.offered(
                        c.stack(),
                        c.detected(),
                        c.files(),
                        List.of("seatable/seatable-enterprise:6.1.8", "mariadb:11.8.5-noble"),
                        List.of(
                                "seatable/seatable-enterprise:6.1.8",
                                "seatable/seatable-enterprise:6.1.10",
                                "seatable/seatable-enterprise:6.1.9",
                                "seatable/seatable-enterprise:6.0.2",
                                "seatable/seatable-enterprise:latest",
                                "seatable/seatable-enterprise:<none>",
                                "mariadb:12.0",
                                "other/seatable-enterprise:7.0.0"))
                .orElseThrow();
        assertEquals("6.1.8", o.current());
        assertEquals(
                List.of("6.1.10", "6.1.9"),
                o.versions(),
                "newer only, of the image that carries the version, in version order: not latest, not a database's");
    }

    @Test
    void nothingIsOfferedWhenTheComposeFileCannotBeRead() throws Exception {
        Case c = corpus("seatable-6.1.8-compose", "seatable");
        Case broken = c.with("seatable-server.yml", "services: [");
        assertTrue(
                Upgrades.offered(broken.stack(), broken.detected(), broken.files(), List.of(), List.of("x:1"))
                        .map(Upgrades.Offered::versions)
                        .orElse(List.of())
                        .isEmpty(),
                "a compose file that cannot be read offers nothing");
    }

    @Test
    void seatableWritesTheDefaultTagOfItsImageVariableWhenEnvDoesNotSetIt() throws Exception {
        Case c = corpus("seatable-6.1.8-compose", "seatable");
        VersionChange v = c.to("6.1.9", "seatable/seatable-enterprise:6.1.8", "mariadb:11.8.5-noble");
        assertFalse(v.refused(), refusals(v));
        assertEquals("6.1.8", v.current());
        FileEdit yml = edit(v, "/opt/seatable-compose/seatable-server.yml");
        assertEquals(List.of("the default tag of ${SEATABLE_IMAGE} on line 4: 6.1.8 -> 6.1.9"), yml.changes());
        assertEquals(
                c.text("seatable-server.yml").replace("seatable-enterprise:6.1.8}", "seatable-enterprise:6.1.9}"),
                yml.after());
        assertEquals(1, v.edits().size());
        assertEquals(List.of("seatable/seatable-enterprise:6.1.9"), v.pulls());
        assertEquals(List.of(Outcome.NOTE), outcomes(v), "MARIADB_AUTO_UPGRADE is said, not refused");
        assertTrue(v.checks().get(0).why().contains("MARIADB_AUTO_UPGRADE=1"));
    }

    @Test
    void seatableWhoseEnvSetsTheImageIsUpgradedInEnv() throws Exception {
        Case base = corpus("seatable-6.1.8-compose", "seatable");
        Case c = base.with(".env", base.text(".env") + "SEATABLE_IMAGE='seatable/seatable-enterprise:6.1.8'\n");
        VersionChange v = c.to("6.1.9");
        assertEquals(
                List.of("/opt/seatable-compose/.env"),
                v.edits().stream().map(FileEdit::path).toList());
        FileEdit env = v.edits().get(0);
        assertEquals(List.of("the tag of SEATABLE_IMAGE: 6.1.8 -> 6.1.9"), env.changes());
        assertTrue(env.after().endsWith("SEATABLE_IMAGE='seatable/seatable-enterprise:6.1.9'\n"));
        assertEquals(env.before().replace(":6.1.8'", ":6.1.9'"), env.after(), "the secrets around it unchanged");
        assertFalse(env.toString().contains("CHANGE-ME"), "an edit never shows the file's secrets");
    }

    @Test
    void seatableReleasesWhoseUpgradeNoticeAsksForMoreAreRefused() throws Exception {
        assertTrue(refusals(corpus("seatable-6.1.8-compose", "seatable").to("6.2.0"))
                .contains("migrate_6.1_6.2.sh"));
        Case four = corpus("seatable-4.4.9-compose-caddy-restic", "seatable");
        VersionChange v = four.to("5.3.1");
        assertEquals(2, v.refusals().size(), refusals(v));
        assertTrue(refusals(v).contains("memcached") && refusals(v).contains("migrate_5.2_5.3.sh"), refusals(v));
        assertTrue(v.checks().stream()
                .anyMatch(x -> x.outcome() == Outcome.NOTE && x.why().contains("API gateway")));
        assertFalse(four.to("4.4.10").refused(), refusals(four.to("4.4.10")));
    }

    // ------------------------------------------------------------------------------------------ Papermerge

    @Test
    void papermergesImageLineChangesForEveryServiceAndMajorStepsAreRefused() throws Exception {
        Case c = corpus("papermerge-2.1.9-compose", "papermerge");
        VersionChange v = c.to("2.1.10");
        assertFalse(v.refused(), refusals(v));
        FileEdit compose = edit(v, "/home/admin/papermerge/docker-compose.yml");
        assertEquals(
                List.of("the image tag on line 3: 2.1.9 -> 2.1.10"), compose.changes(), "one anchor, two services");
        assertEquals(c.text("docker-compose.yml").replace("papermerge:2.1.9", "papermerge:2.1.10"), compose.after());
        assertEquals(List.of("postgresql", "mariadb", "sqlite"), v.migrates());

        VersionChange three = c.to("3.5.3");
        assertEquals(2, three.refusals().size(), refusals(three));
        assertTrue(refusals(three).contains("pmdump"));
    }

    @Test
    void papermergePreReleasesFollowOneAnotherWithoutPassingThreeSix() throws Exception {
        Case c = corpus("papermerge-3.6-standard-compose", "papermerge");
        assertEquals("3.6.0a16", c.to("3.6.0a17").current());
        assertFalse(c.to("3.6.0a17").refused(), refusals(c.to("3.6.0a17")));
        assertFalse(c.to("3.6.0").refused(), refusals(c.to("3.6.0")));
        assertTrue(refusals(corpus("papermerge-2.1.9-compose", "papermerge").to("3.6.0"))
                .contains("PM_"));
    }

    // ------------------------------------------------------------------------------------------ Nuxeo

    @Test
    void nuxeosDockerHubImageDoesNotBecomeAnLtsImageByItsTag() throws Exception {
        Case c = corpus("nuxeo-10.10-official-image-bind", "nuxeo");
        assertTrue(refusals(c.to("2021.1")).contains("uid 900"), refusals(c.to("2021.1")));
        VersionChange v = c.to("10.11");
        assertFalse(v.refused(), refusals(v));
        assertEquals(List.of("nuxeo:10.11"), v.pulls());
        assertTrue(v.checks().stream().anyMatch(x -> x.why().contains("NUXEO_CLID")), "the packages are said");
    }

    @Test
    void nuxeoBuiltFromNuxeoImageIsUpgradedInEnvAndBuiltAgain() throws Exception {
        Case c = corpus("nuxeo-lts2025-presales-compose", "nuxeo");
        assertTrue(
                refusals(c.to("2025.1")).contains("cannot tell which version of Nuxeo"),
                "no .env in the corpus: " + refusals(c.to("2025.1")));
        VersionChange v = c.with(".env", "NUXEO_IMAGE=docker-private.packages.nuxeo.com/nuxeo/nuxeo:2025\n")
                .to("2025.1");
        assertFalse(v.refused(), refusals(v));
        assertEquals("2025", v.current());
        assertEquals(
                List.of("the tag of NUXEO_IMAGE: 2025 -> 2025.1"),
                edit(v, "/home/admin/acme-dam/.env").changes());
        assertEquals(List.of("nuxeo"), v.builds());
    }

    // ------------------------------------------------------------------------------------------ Cytomine

    @Test
    void cytominesVersionIsReadButItsReleasesAreLeftToTheVendorsWay() throws Exception {
        VersionChange v = corpus("cytomine-ce2024.1", "cytomine").to("CE2025.1");
        assertEquals("CE2024.1", v.current());
        assertEquals(1, v.refusals().size());
        assertTrue(refusals(v).contains("installer") && refusals(v).contains("lifeboat backup"), refusals(v));
    }

    // ------------------------------------------------------------------------------------------ generic

    private static Case generic(String compose) {
        String dir = "/opt/app";
        DetectedStack d = new DetectedStack(
                GenericComposeStack.ID,
                "Docker Compose project",
                null,
                null,
                dir,
                List.of(),
                List.of(),
                new ComposeProject("app", dir, List.of(dir + "/docker-compose.yml"), List.of()));
        Map<String, FileText> files = new LinkedHashMap<>();
        for (String f : Upgrades.filesToRead(new GenericComposeStack(), d)) {
            files.put(f, FileText.missing(f));
        }
        return new Case(new GenericComposeStack(), d, files).with("docker-compose.yml", compose);
    }

    @Test
    void aGenericProjectsVersionIsItsOneApplicationImagesTag() {
        Case c = generic("services:\n  web:\n    image: example/wiki:1.4.2\n  worker:\n    image: example/wiki:1.4.2\n"
                + "  db:\n    image: postgres:16\n");
        VersionChange v = c.to("1.5.0", "example/wiki:1.4.2", "postgres:16");
        assertFalse(v.refused(), refusals(v));
        assertEquals("1.4.2", v.current());
        assertEquals(List.of("example/wiki:1.5.0"), v.pulls());
        assertEquals(
                List.of("the image tag on line 3: 1.4.2 -> 1.5.0", "the image tag on line 5: 1.4.2 -> 1.5.0"),
                v.edits().get(0).changes());
        assertEquals(List.of(Outcome.NOTE), outcomes(v), "Lifeboat says it knows nothing of this application");
    }

    @Test
    void aGenericProjectWithSeveralApplicationImagesIsRefusedNamingThem() {
        VersionChange v = generic("services:\n  web:\n    image: example/wiki:1.4.2\n  proxy:\n    image: caddy:2\n")
                .to("1.5.0");
        assertTrue(
                refusals(v).contains("example/wiki, caddy") && refusals(v).contains("upgrade: section"), refusals(v));
    }

    @Test
    void aStackWhoseDescriptorSaysNothingOfUpgradesIsRefused() throws Exception {
        Stack wiki = new DescriptorStack(DescriptorLoader.parse("id: wiki\nname: Wiki\n", "test"));
        Case c = generic("services:\n  web:\n    image: example/wiki:1.4.2\n");
        VersionChange v = Upgrades.change(wiki, c.detected(), c.files(), List.of(), "1.5.0");
        assertTrue(refusals(v).contains("no upgrade: section"), refusals(v));
    }

    @Test
    void anUpgradePassesAVersionWhenItIsBelowBeforeAndAtOrAboveAfter() {
        assertTrue(Upgrades.crosses("4.2.0", "5.0.0", "5.0"));
        assertTrue(Upgrades.crosses("4.2.0", "6.1", "5.0"));
        assertFalse(Upgrades.crosses("5.0.0", "5.5.4", "5.0"));
        assertFalse(Upgrades.crosses("4.2.0", "4.9.9", "5.0"));
        assertTrue(Upgrades.crosses("4.2.0", "5.0.0-RC1", "5.0.0-RC1"));
    }
}
