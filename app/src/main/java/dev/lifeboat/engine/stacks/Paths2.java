package dev.lifeboat.engine.stacks;

import java.util.ArrayDeque;
import java.util.Deque;

/** Server path arithmetic on strings (the server is POSIX whatever the admin's computer runs). */
public final class Paths2 {
    private Paths2() {}

    /** Joins and normalises: {@code join("/opt/app", "./data/../x")} is {@code /opt/app/x}; absolute {@code rel} wins. */
    public static String join(String base, String rel) {
        if (rel == null || rel.isEmpty() || rel.equals(".")) {
            return normalize(base);
        }
        return rel.startsWith("/") ? normalize(rel) : normalize(base + "/" + rel);
    }

    /** Removes {@code .}, {@code ..}, doubled and trailing slashes. */
    public static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when {@code path} is {@code dir} or below it. */
    public static boolean isWithin(String path, String dir) {
        return path.equals(dir) || dir.equals("/") || path.startsWith(dir + "/");
    }
}
