package dev.lifeboat.ui.schedules;

import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.schedule.ScheduleStatus;
import java.util.List;
import java.util.Optional;

/** Whether an application backed up in the window has a schedule already. Pure. */
public final class ScheduleOffers {
    private ScheduleOffers() {}

    /**
     * The schedule of the application in {@code installDir} on the saved profile {@code profile}, if one of {@code
     * known} is it (its application named by that folder, or by nothing: the only one on that server).
     */
    public static Optional<ScheduleStatus> existing(List<ScheduleStatus> known, String profile, String installDir) {
        return known.stream()
                .filter(s -> {
                    Schedule sch = s.schedule();
                    return sch.profile().equals(profile)
                            && (sch.app() == null || sch.app().equals(installDir));
                })
                .findFirst();
    }
}
