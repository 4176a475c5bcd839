package dev.lifeboat.engine.config;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.schedule.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The saved schedules, beside the profiles: {@code schedules.json} in the config folder (0600; ADR 0013). What fires
 * them is the computer's scheduler; this file is what a fired run reads to know what to do. Not thread-safe.
 */
public final class ScheduleStore {
    private final NamedJsonFile<Schedule> file;

    public ScheduleStore(Path configDir) {
        this.file =
                new NamedJsonFile<>(configDir.resolve("schedules.json"), Schedule.class, Schedule::name, "schedules");
    }

    public Path file() {
        return file.file();
    }

    /** All schedules, sorted by name. */
    public List<Schedule> list() throws EngineException {
        return file.list();
    }

    public Optional<Schedule> get(String name) throws EngineException {
        return file.get(name);
    }

    /** Saves a schedule, replacing the one of the same name. */
    public void save(Schedule s) throws EngineException {
        file.save(s);
    }

    /** Removes a schedule; false when there was none of that name. */
    public boolean delete(String name) throws EngineException {
        return file.delete(name);
    }
}
