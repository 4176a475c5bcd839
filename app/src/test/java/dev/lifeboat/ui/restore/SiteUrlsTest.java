package dev.lifeboat.ui.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.service.SiteUrls;
import dev.lifeboat.engine.stacks.Maintenance;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteUrlsTest {
    @Test
    void aBlankUrlKeepsTheSettingsAndAPlainHttpsUrlIsFine() {
        assertEquals(Optional.empty(), SiteUrls.problem(""));
        assertEquals(Optional.empty(), SiteUrls.problem("  "));
        assertEquals(Optional.empty(), SiteUrls.problem("https://docs.example.org"));
        assertEquals(Optional.empty(), SiteUrls.problem("http://10.0.0.5:8080/papers/"));
    }

    @Test
    void whatIsNotAPlainHttpUrlIsRefusedWithWhatToWrite() {
        assertTrue(SiteUrls.problem("docs.example.org").orElseThrow().startsWith("The site URL starts with https://"));
        assertTrue(SiteUrls.problem("ftp://docs.example.org").orElseThrow().startsWith("The site URL starts with"));
        assertTrue(SiteUrls.problem("https://").orElseThrow().startsWith("'https://' is not a URL")
                || SiteUrls.problem("https://").orElseThrow().contains("needs a host name"));
        assertTrue(SiteUrls.problem("https://a b").orElseThrow().contains("is not a URL"));
        assertTrue(
                SiteUrls.problem("https://docs.example.org/?x=1").orElseThrow().contains("no user, ? or #"));
        assertTrue(
                SiteUrls.problem("https://user@docs.example.org").orElseThrow().contains("no user"));
        assertTrue(
                SiteUrls.problem("https://docs.example.org/a'b").orElseThrow().contains("plain URLs"));
    }

    @Test
    void eachSettingGetsTheUrlItsHostOrTheUrlWithItsPath() {
        Maintenance.SiteSetting url = new Maintenance.SiteSetting(".env", "SITE_URL", "env", "url", null);
        Maintenance.SiteSetting host = new Maintenance.SiteSetting(".env", "HOST", "env", "host", null);
        Maintenance.SiteSetting path =
                new Maintenance.SiteSetting("nuxeo.conf", "nuxeo.url", "properties", "url-path", "/nuxeo");
        assertEquals("https://docs.example.org", SiteUrls.value(url, "https://docs.example.org/"));
        assertEquals("docs.example.org", SiteUrls.value(host, "https://docs.example.org:8443/x"));
        assertEquals("https://dam.example.org/nuxeo", SiteUrls.value(path, "https://dam.example.org"));
    }
}
