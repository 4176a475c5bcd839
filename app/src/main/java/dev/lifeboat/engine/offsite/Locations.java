package dev.lifeboat.engine.offsite;

import java.util.regex.Pattern;

/** A repository's address for people: a password in it ({@code rest:https://user:PASSWORD@host/}) is masked. */
public final class Locations {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(://[^/:@]+:)[^/@]+@");

    private Locations() {}

    public static String display(String location) {
        return PASSWORD_IN_URL.matcher(location).replaceAll("$1***@");
    }
}
