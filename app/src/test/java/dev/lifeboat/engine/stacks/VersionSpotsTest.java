package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.stacks.VersionSpots.ImageSpot;
import dev.lifeboat.engine.stacks.VersionSpots.Spot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Where a version is written in a file, to the character, and a new one written there and nowhere else. */
class VersionSpotsTest {
    private static final String COMPOSE = "/opt/app/docker-compose.yml";
    private static final String ENV = "/opt/app/.env";
    private static final Predicate<ImageRef> WIKI = i -> i.matches("example/wiki");

    @Test
    void aVersionFilesFirstLineIsTheVersionAndOnlyItChanges() {
        String text = "4.2.0\n";
        Spot s = VersionSpots.firstLine("/t/config/version", text).orElseThrow();
        assertEquals("4.2.0", s.text());
        assertEquals("/t/config/version", s.where());
        assertEquals("5.5.4\n", VersionSpots.replace(text, List.of(s), "5.5.4"));
        assertTrue(VersionSpots.firstLine("/t/config/version", "\n").isEmpty(), "a blank file holds no version");
    }

    @Test
    void aKeyIsFoundInEnvAndYamlLinesQuotedOrNotWithItsComment() {
        String env = "# images\nexport WIKI_IMAGE='example/wiki:1.4.2'  # pinned\nOTHER=1\n";
        Spot tag = VersionSpots.keyValue(ENV, env, List.of("WIKI_IMAGE"), true).orElseThrow();
        assertEquals("1.4.2", tag.text());
        assertEquals("the tag of WIKI_IMAGE in " + ENV, tag.where());
        assertEquals(
                "# images\nexport WIKI_IMAGE='example/wiki:1.5.0'  # pinned\nOTHER=1\n",
                VersionSpots.replace(env, List.of(tag), "1.5.0"));

        String yaml = "global:\n  versions:\n    constant:\n      CYTOMINE_COMMERCIAL: CE2024.1 # release\n";
        Spot v = VersionSpots.keyValue("/c/cytomine.yml", yaml, List.of("X", "CYTOMINE_COMMERCIAL"), false)
                .orElseThrow();
        assertEquals("CE2024.1", v.text());
        assertTrue(
                VersionSpots.keyValue("/c/f", "CYTOMINE_COMMERCIAL_VERSION: x\n", List.of("CYTOMINE_COMMERCIAL"), false)
                        .isEmpty(),
                "a longer key is another key");
    }

    @Test
    void theTagOfAnImageReferenceIsTheLastColonAfterTheLastSlashOutsideVariables() {
        assertArrayEquals(new int[] {13, 18}, VersionSpots.tagSpan("example/wiki:1.4.2"));
        assertArrayEquals(new int[] {22, 25}, VersionSpots.tagSpan("registry:5000/ex/wiki:1.4@sha256:abc"));
        assertArrayEquals(new int[] {6, 22}, VersionSpots.tagSpan("mongo:${MONGO_VERSION}"));
        assertNull(VersionSpots.tagSpan("registry:5000/ex/wiki"), "a registry's port is no tag");
        assertNull(VersionSpots.tagSpan("presales-nuxeo-${PROJECT_NAME}"));
        assertNull(VersionSpots.tagSpan("${REG:-docker.io}/wiki"));
    }

    @Test
    void everyImageLineOfTheApplicationIsFoundAnchorsIncludedCommentsAndOtherImagesNot() {
        String compose = "x-app: &app\n  image: example/wiki:1.4.2\n"
                + "services:\n  web:\n    <<: *app\n  worker:\n    image: \"example/wiki:1.4.2\" # same\n"
                + "  # old:\n  #  image: example/wiki:1.0.0\n  db:\n    image: mariadb:11\n";
        List<String> problems = new ArrayList<>();
        List<ImageSpot> found =
                VersionSpots.imageTags(Map.of(COMPOSE, compose), List.of(COMPOSE), ENV, Map.of(), WIKI, problems);
        assertEquals(List.of(), problems);
        assertEquals(2, found.size(), found.toString());
        String after =
                VersionSpots.replace(compose, found.stream().map(ImageSpot::tag).toList(), "1.5.0");
        assertEquals(compose.replace("wiki:1.4.2", "wiki:1.5.0"), after, "only the two tags change");
    }

    @Test
    void aVariablesDefaultIsWrittenUnlessEnvSetsTheVariableThenEnvIs() {
        String compose = "services:\n  seatable-server:\n    image: ${WIKI_IMAGE:-example/wiki:6.1.8}\n";
        List<String> problems = new ArrayList<>();
        ImageSpot viaDefault = VersionSpots.imageTags(
                        Map.of(COMPOSE, compose), List.of(COMPOSE), ENV, Map.of(), WIKI, problems)
                .get(0);
        assertEquals("6.1.8", viaDefault.tag().text());
        assertEquals(COMPOSE, viaDefault.tag().file());
        assertEquals(
                "services:\n  seatable-server:\n    image: ${WIKI_IMAGE:-example/wiki:6.1.9}\n",
                VersionSpots.replace(compose, List.of(viaDefault.tag()), "6.1.9"));

        String env = "TIME_ZONE=UTC\nWIKI_IMAGE=example/wiki:6.1.7\n";
        ImageSpot viaEnv = VersionSpots.imageTags(
                        Map.of(COMPOSE, compose, ENV, env),
                        List.of(COMPOSE),
                        ENV,
                        Map.of("WIKI_IMAGE", "example/wiki:6.1.7"),
                        WIKI,
                        problems)
                .get(0);
        assertEquals(ENV, viaEnv.tag().file(), ".env wins over the default, as in compose");
        assertEquals("6.1.7", viaEnv.tag().text());
        assertEquals(List.of(), problems);
    }

    @Test
    void aTagInAVariableIsWrittenInEnv() {
        String compose = "services:\n  app:\n    image: example/wiki:${WIKI_VERSION}\n";
        String env = "WIKI_VERSION=2.0.1\n";
        List<String> problems = new ArrayList<>();
        ImageSpot s = VersionSpots.imageTags(
                        Map.of(COMPOSE, compose, ENV, env),
                        List.of(COMPOSE),
                        ENV,
                        Map.of("WIKI_VERSION", "2.0.1"),
                        WIKI,
                        problems)
                .get(0);
        assertEquals("WIKI_VERSION in " + ENV, s.tag().where());
        assertEquals("WIKI_VERSION=2.1.0\n", VersionSpots.replace(env, List.of(s.tag()), "2.1.0"));
    }

    @Test
    void anUntaggedImageOrAVariableEnvDoesNotSetIsAProblemNotAGuess() {
        List<String> problems = new ArrayList<>();
        List<ImageSpot> found = VersionSpots.imageTags(
                Map.of(COMPOSE, "services:\n  a:\n    image: example/wiki\n  b:\n    image: ${WIKI_IMAGE}\n"),
                List.of(COMPOSE),
                ENV,
                Map.of("WIKI_IMAGE", "example/wiki:2"), // set in another settings file, not in .env
                i -> true,
                problems);
        assertEquals(List.of(), found);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("has no tag"), problems.get(0));
        assertTrue(problems.get(1).contains("WIKI_IMAGE"), problems.get(1));
    }

    @Test
    void whenEnvSetsTheVariableTheDefaultIsNeverWrittenEvenIfEnvGivesNoTag() {
        String compose = "services:\n  app:\n    image: ${WIKI_IMAGE:-example/wiki:6.1.8}\n";
        List<String> problems = new ArrayList<>();
        List<ImageSpot> found = VersionSpots.imageTags(
                Map.of(COMPOSE, compose, ENV, "WIKI_IMAGE=example/wiki\n"),
                List.of(COMPOSE),
                ENV,
                Map.of("WIKI_IMAGE", "example/wiki"),
                WIKI,
                problems);
        assertEquals(List.of(), found, "compose runs the untagged image from .env, not the default");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("no tag there"), problems.get(0));
    }

    @Test
    void windowsLineEndsStayAsTheyWere() {
        String text = "A=1\r\nWIKI_IMAGE=example/wiki:1.0\r\n";
        Spot s = VersionSpots.keyValue(ENV, text, List.of("WIKI_IMAGE"), true).orElseThrow();
        assertEquals("A=1\r\nWIKI_IMAGE=example/wiki:1.1\r\n", VersionSpots.replace(text, List.of(s), "1.1"));
    }
}
