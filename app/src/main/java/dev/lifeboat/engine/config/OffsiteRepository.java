package dev.lifeboat.engine.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named restic repository that holds off-site copies of snapshots (ADR 0012), as the user added it. Holds no secret:
 * it says where the repository password and the S3 keys are kept ({@link Secret}).
 *
 * @param name what the user calls it ({@code nas}, {@code s3-eu}); letters, digits, {@code . _ -}
 * @param location the repository as restic writes it: a folder, {@code sftp:user@host:/path}, {@code
 *     rest:http://host:8000/}, {@code s3:https://host/bucket}
 * @param password where the repository password is kept
 * @param s3 where the S3 keys are kept, for an {@code s3:} repository; null otherwise
 * @param apps the applications whose snapshots go there after each backup ({@code HOST/APP} as {@code snapshots}
 *     prints them); empty: every application
 * @param keepLast how many of an application's newest snapshots the repository keeps
 * @param keepWeekly ... plus the newest of each of that many ISO weeks
 * @param keepMonthly ... plus the newest of each of that many months
 * @param options restic's extended options ({@code -o KEY=VALUE}: {@code sftp.command=...}, {@code s3.region=...})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OffsiteRepository(
        String name,
        String location,
        Secret password,
        Secret s3,
        List<String> apps,
        int keepLast,
        int keepWeekly,
        int keepMonthly,
        List<String> options) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public OffsiteRepository {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(password, "password");
        apps = apps == null ? List.of() : List.copyOf(apps);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** Whether {@code name} can name a repository (it goes into the secret store's attributes and into file names). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether the repository is S3 object storage (it needs keys). */
    @JsonIgnore
    public boolean isS3() {
        return location.startsWith("s3:");
    }

    /** Whether snapshots of {@code appId} ({@code HOST/APP}) go there after each backup. */
    public boolean takes(String appId) {
        return apps.isEmpty() || apps.contains(appId);
    }

    /**
     * Where a secret is kept: a file of mode 600 the user named (read by restic itself), or the desktop's secret store
     * ({@code secret-tool}, when {@code file} is null).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Secret(String file) {
        public static Secret keyring() {
            return new Secret(null);
        }

        public static Secret file(Path file) {
            return new Secret(file.toAbsolutePath().normalize().toString());
        }

        @JsonIgnore
        public boolean inKeyring() {
            return file == null;
        }

        /** For people: the file, or "secret store". */
        @Override
        public String toString() {
            return file == null ? "secret store" : file;
        }
    }
}
