package dev.lifeboat.engine.stacks;

import dev.lifeboat.engine.probe.FileText;
import dev.lifeboat.engine.probe.FoundFile;
import dev.lifeboat.engine.probe.RunningContainer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder that may hold an application, with everything the probe learned about it: the files found below it, the
 * texts read, the running containers of its compose project, and facts about the server (homes, Docker's data root).
 * Stacks look at a site; they never call the probe themselves. Immutable.
 *
 * @param dir absolute server path of the folder
 * @param listed files found by the survey, by absolute path
 * @param texts files read, by absolute path
 * @param containers running containers whose compose working dir is this folder
 * @param homes home folder by numeric user id, from {@code /etc/passwd}
 * @param dockerRoot Docker's data root, normally {@code /var/lib/docker}
 */
public record Site(
        String dir,
        Map<String, FoundFile> listed,
        Map<String, FileText> texts,
        List<RunningContainer> containers,
        Map<Integer, String> homes,
        String dockerRoot) {

    /** The absolute path of a path relative to this folder. */
    public String resolve(String rel) {
        return Paths2.join(dir, rel);
    }

    /** True when the survey found the file or it was read. */
    public boolean has(String rel) {
        String p = resolve(rel);
        FileText t = texts.get(p);
        return listed.containsKey(p) || t != null && t.ok();
    }

    /** The text of a file relative to this folder, if it was read. */
    public Optional<String> text(String rel) {
        FileText t = texts.get(resolve(rel));
        return t != null && t.ok() ? Optional.of(t.text()) : Optional.empty();
    }

    /** True when a file (absolute path) was larger than the probe reads, so only its start is known. */
    public boolean truncated(String absolute) {
        FileText t = texts.get(absolute);
        return t != null && t.truncated();
    }

    /** The text of a file by absolute path, if it was read. */
    public Optional<String> textAt(String absolute) {
        FileText t = texts.get(absolute);
        return t != null && t.ok() ? Optional.of(t.text()) : Optional.empty();
    }

    /**
     * The home folder {@code ~} stands for in this folder's compose files: the home of the folder's owner. Offline
     * the owner is taken from where the folder is ({@code /home/USER/...}, {@code /root/...}), else from the owner of
     * the files found and {@code /etc/passwd}; {@code /root} when nothing says (compose run by root).
     */
    public String home() {
        if (dir.startsWith("/home/")) {
            String rest = dir.substring("/home/".length());
            int slash = rest.indexOf('/');
            return "/home/" + (slash < 0 ? rest : rest.substring(0, slash));
        }
        if (Paths2.isWithin(dir, "/root")) {
            return "/root";
        }
        for (FoundFile f : listed.values()) {
            if (Paths2.parent(f.path()).equals(dir) && homes.containsKey(f.ownerUid())) {
                return homes.get(f.ownerUid());
            }
        }
        return "/root";
    }
}
