package dev.lifeboat.engine.stacks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cytomine: the CE installer layouts (CE2023.1 to CE2025.1), the monorepo and the legacy bootstrap (dossier §2).
 *
 * <p>Hook: the installer writes {@code .env} from {@code cytomine.yml}, itself generated from {@code
 * cytomine.template}, as {@code SECTION_KEY=value} for every {@code global.SECTION.constant.KEY}. When {@code .env}
 * or {@code cytomine.yml} is missing, the same keys are taken from the next file up, so compose paths such as {@code
 * ${AAA_CONFIG_PROJECT_DATA_PATH}/mongo} still resolve as the installer would resolve them.
 */
public final class CytomineStack extends DescriptorStack {
    public CytomineStack() {
        super(DescriptorLoader.builtIn("cytomine"));
    }

    @Override
    protected Settings settings(Site site) {
        Settings s = new Settings();
        site.text("configuration.sh")
                .ifPresent(t -> s.add("configuration.sh", KeyValueFile.parse(t, site.resolve("configuration.sh"))));
        for (String file : new String[] {"cytomine.template", "cytomine.yml"}) {
            site.text(file).flatMap(t -> flatten(t, file)).ifPresent(m -> s.add(file, m));
        }
        site.text(".env").ifPresent(t -> s.add(".env", KeyValueFile.parse(t, site.resolve(".env"))));
        return s;
    }

    /** {@code global.SECTION.constant.KEY} as {@code SECTION_KEY}, interpolated among themselves. */
    static Optional<Map<String, String>> flatten(String yaml, String where) {
        Optional<Object> doc = YamlTexts.load(yaml, where, new String[1]);
        if (doc.isEmpty() || !(doc.get() instanceof Map<?, ?> top) || !(top.get("global") instanceof Map<?, ?> g)) {
            return Optional.empty();
        }
        Map<String, String> raw = new LinkedHashMap<>();
        g.forEach((section, body) -> {
            if (body instanceof Map<?, ?> b && b.get("constant") instanceof Map<?, ?> constants) {
                constants.forEach((k, v) -> {
                    if (v != null && !(v instanceof Map) && !(v instanceof java.util.List)) {
                        raw.put((section + "_" + k).toUpperCase(Locale.ROOT), String.valueOf(v));
                    }
                });
            }
        });
        // The template refers to other keys (PROJECT_NAME: ${AAA_CONFIG_NAME}); a second pass settles one level more.
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, Interpolation.apply(v, raw)));
        out.replaceAll((k, v) -> Interpolation.apply(v, out));
        return Optional.of(out);
    }
}
