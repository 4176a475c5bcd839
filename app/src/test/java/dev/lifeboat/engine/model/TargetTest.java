package dev.lifeboat.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void parseReadsUserHostAndPort() {
        assertEquals(
                new Target(Optional.of("admin"), "example.org", Optional.of(2222)),
                Target.parse("admin@example.org:2222"));
    }

    @Test
    void parseAcceptsSshUrls() {
        assertEquals(
                new Target(Optional.of("root"), "10.0.0.5", Optional.empty()), Target.parse("ssh://root@10.0.0.5/"));
    }

    @Test
    void parseTakesABareWordAsAnSshConfigAlias() {
        Target t = Target.parse("overleaf-prod");
        assertEquals("overleaf-prod", t.host());
        assertTrue(t.user().isEmpty());
        assertTrue(t.port().isEmpty());
    }

    @Test
    void parseReadsBracketedIpv6Addresses() {
        Target t = Target.parse("admin@[2001:db8::1]:22");
        assertEquals("2001:db8::1", t.host());
        assertEquals("admin@[2001:db8::1]:22", t.toString());
    }

    @Test
    void parseRefusesGarbageWithAMessageThatShowsTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse("a@b@c"));
        assertTrue(e.getMessage().contains("user@host"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Target.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("admin@host:70000"));
    }
}
