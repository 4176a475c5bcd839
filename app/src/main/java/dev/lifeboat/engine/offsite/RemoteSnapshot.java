package dev.lifeboat.engine.offsite;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Lifeboat snapshot in a restic repository, read from {@code restic snapshots --json}: its tags name the
 * application ({@code app:HOST/APP}) and the snapshot ({@code snapshot:HOST/APP/ID}), so that a computer that has
 * never seen the site finds it by the same id {@code snapshots} prints.
 *
 * @param resticId restic's full snapshot id
 * @param id the Lifeboat snapshot id, {@code HOST/APP/ID}
 * @param appId {@code HOST/APP}
 * @param time the snapshot's own time (pushed with {@code --time})
 * @param host the server it is of
 */
public record RemoteSnapshot(String resticId, String id, String appId, Instant time, String host) {
    /** HOST/APP/ID as the store names folders: no {@code ..}, no other separators. */
    private static final Pattern ID =
            Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]*/[A-Za-z0-9_@-][A-Za-z0-9._@-]*/\\d{8}T\\d{6}Z");

    /** The snapshot's folder name: its ID, e.g. {@code 20261201T083256Z}. */
    public String folder() {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** restic's short id, for people. */
    public String shortId() {
        return resticId.length() > 8 ? resticId.substring(0, 8) : resticId;
    }

    /** The Lifeboat snapshots in restic's JSON list, oldest first; restic snapshots without Lifeboat's tags are left out. */
    public static List<RemoteSnapshot> parse(JsonNode list) {
        List<RemoteSnapshot> out = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode s : list) {
            String id = null;
            String app = null;
            for (JsonNode t : s.path("tags")) {
                String tag = t.asText();
                if (tag.startsWith(ResticCommand.SNAPSHOT_TAG)) {
                    id = tag.substring(ResticCommand.SNAPSHOT_TAG.length());
                } else if (tag.startsWith(ResticCommand.APP_TAG)) {
                    app = tag.substring(ResticCommand.APP_TAG.length());
                }
            }
            if (id == null || app == null || !ID.matcher(id).matches() || !id.startsWith(app + "/")) {
                continue; // not Lifeboat's, or an id that would not name a folder of the store (.., /)
            }
            Instant time;
            try {
                time = OffsetDateTime.parse(s.path("time").asText()).toInstant();
            } catch (RuntimeException e) {
                time = Instant.EPOCH;
            }
            out.add(new RemoteSnapshot(
                    s.path("id").asText(), id, app, time, s.path("hostname").asText()));
        }
        out.sort(Comparator.comparing(RemoteSnapshot::time).thenComparing(RemoteSnapshot::id));
        return out;
    }
}
