package dev.lifeboat.engine.stacks;

import java.util.Locale;

/**
 * A container image reference split into repository and tag, with Docker Hub's implicit prefixes removed so that
 * {@code docker.io/library/mongo:5} and {@code mongo:5} compare equal.
 *
 * @param repository e.g. {@code mongo}, {@code sharelatex/sharelatex}, {@code quay.io/sharelatex/sharelatex-pro}
 * @param tag the tag, or null when the reference has none
 */
public record ImageRef(String repository, String tag) {

    /** Parses a reference; a digest ({@code @sha256:...}) is dropped. */
    public static ImageRef parse(String ref) {
        String r = ref == null ? "" : ref.strip();
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        String tag = null;
        int slash = r.lastIndexOf('/');
        int colon = r.lastIndexOf(':');
        if (colon > slash) {
            tag = r.substring(colon + 1);
            r = r.substring(0, colon);
        }
        String repo = r.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
            if (repo.startsWith(prefix)) {
                repo = repo.substring(prefix.length());
            }
        }
        if (repo.startsWith("library/")) {
            repo = repo.substring("library/".length());
        }
        return new ImageRef(repo, tag == null || tag.isBlank() ? null : tag);
    }

    /** The last path segment of the repository, e.g. {@code postgis} for {@code cytomine/postgis}. */
    public String name() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    /** True when the repository matches a glob such as {@code papermerge/*} or {@code nuxeo}. */
    public boolean matches(String glob) {
        String g = ImageRef.parse(glob).repository();
        if (g.endsWith("*")) {
            return repository.startsWith(g.substring(0, g.length() - 1));
        }
        return repository.equals(g);
    }
}
