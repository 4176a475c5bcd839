package dev.lifeboat.engine.service;

import dev.lifeboat.engine.stacks.Maintenance;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A migration's new site URL: whether it can be used, and what each setting that names the site becomes. */
public final class SiteUrls {
    /** What the restore writes into config files (RestoreWorkflow refuses anything else). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.:/_%@+-]+");

    private SiteUrls() {}

    /** What is wrong with {@code url}, in words; empty when it is a usable http(s) URL or blank (the URL stays). */
    public static Optional<String> problem(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return Optional.of("'" + u + "' is not a URL: write it as https://docs.example.org");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("The site URL starts with https:// or http://, e.g. https://docs.example.org");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of(
                    "The site URL needs a host name after " + scheme + "://, e.g. " + scheme + "://docs.example.org");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            return Optional.of("The site URL is just scheme, host, port and path: no user, ? or #.");
        }
        if (!SAFE.matcher(u).matches()) {
            return Optional.of("Lifeboat writes only plain URLs into the settings (letters, digits and . : / _ % @ +"
                    + " -): " + u);
        }
        return Optional.empty();
    }

    /**
     * The value {@code setting} gets for {@code url}, as the restore writes it. The same rule as the engine's
     * {@code RestoreWorkflow.siteValue}, which is not public.
     */
    public static String value(Maintenance.SiteSetting setting, String url) {
        String u = url.replaceAll("/+$", "");
        return switch (setting.value()) {
            case "host" -> u.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
            case "url-path" -> u + setting.suffix();
            default -> u;
        };
    }
}
