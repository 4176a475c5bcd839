package dev.lifeboat.cli;

/** Makes text from a server safe to print on a terminal. */
final class Text {
    private Text() {}

    /**
     * {@code s} with control characters (newlines, tabs, escape sequences, C1 controls) and bidirectional overrides
     * written as visible escapes ({@code \n}, {@code \t}, {@code \x1b}, {@code \\u202e} for U+202E), so that a folder name can
     * neither break a table nor send commands to the terminal. Backslashes are doubled so the escapes stay
     * unambiguous.
     */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
                    } else if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A JSON string literal. */
    static String jsonString(String s) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
    }
}
