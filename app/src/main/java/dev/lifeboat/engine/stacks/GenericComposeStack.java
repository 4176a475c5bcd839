package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Evidence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any compose project none of the known stacks claims (DESIGN §3): its compose files, {@code .env}, bind mounts and
 * named volumes become {@code backup} components; database images give their volumes a database kind (and a dump).
 * The detector asks it last.
 */
public final class GenericComposeStack implements Stack {
    public static final String ID = "generic-compose";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Docker Compose project";
    }

    @Override
    public List<String> anchors() {
        return List.of();
    }

    @Override
    public List<String> wantedFiles() {
        return List.of();
    }

    /**
     * Hook (ADR 0014): a project without a descriptor has no data to say where its version is, so this says it in
     * Java, as a descriptor would: the tag of its one image that is not a database's, nothing else changed.
     */
    @Override
    public Optional<StackDescriptor.Upgrade> upgrade() {
        return Optional.of(UPGRADE);
    }

    private static final StackDescriptor.Upgrade UPGRADE = new StackDescriptor.Upgrade(
            List.of(),
            List.of(new StackDescriptor.Keep(null, List.of(), false, true, null)),
            null,
            null,
            List.of(),
            List.of(),
            List.of("mongodb", "mariadb", "postgresql", "sqlite"),
            "whatever migrations the new version runs when it starts",
            null,
            List.of(new StackDescriptor.Constraint(
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    null,
                    true,
                    "Lifeboat knows nothing of this application's upgrades: it changes its image's tag and nothing"
                            + " else. Read the new version's release notes for steps of their own; the rehearsal"
                            + " shows whether it starts on a copy of your data.")),
            null);

    @Override
    public Optional<Finding> examine(Site site) {
        Settings settings = new Settings();
        site.text(".env").ifPresent(t -> settings.add(".env", KeyValueFile.parse(t, site.resolve(".env"))));
        Compose compose = Compose.load(site, settings.merged(), DescriptorStack.labelProject(site), List.of());
        if (compose.services().isEmpty()) {
            if (compose.problems().isEmpty()) {
                return Optional.empty();
            }
            // Nothing to report, but the admin should hear why a compose file was not understood.
            DetectedStack nothing = new DetectedStack(ID, displayName(), null, null, site.dir(), List.of(), List.of());
            return Optional.of(new Finding(nothing, 1, Set.of(), compose.problems()));
        }
        Map<String, Component> components = new LinkedHashMap<>();
        DescriptorStack.addComposeFiles(site, compose, components);
        Set<Compose.Mount> none = new HashSet<>();
        DescriptorStack.addUnmatchedMounts(compose, none, components);
        List<Evidence> evidence = List.of(new Evidence(
                "compose project " + compose.projectName() + " with services "
                        + String.join(
                                ", ",
                                compose.services().stream()
                                        .map(Compose.Service::name)
                                        .toList()),
                1));
        DetectedStack detected = new DetectedStack(
                ID, displayName(), null, null, site.dir(), new ArrayList<>(components.values()), evidence);
        List<String> problems = new ArrayList<>(settings.problems());
        problems.addAll(compose.problems());
        return Optional.of(new Finding(detected, 1, Set.of(), problems));
    }
}
