package dev.lifeboat.engine.schedule;

import dev.lifeboat.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Systemd timers: a user timer in {@code ~/.config/systemd/user} ({@code systemctl --user}) or a system timer in
 * {@code /etc/systemd/system} ({@code systemctl}, as root). Each run of a schedule is a {@code .timer} with
 * {@code Persistent=true} and the {@code Type=oneshot} {@code .service} it starts; systemd starts no second copy of a
 * service that still runs.
 */
public final class SystemdTimers implements Scheduler {
    private final boolean system;
    private final Path unitDir;

    /**
     * @param system a system timer (root) rather than the user's
     * @param unitDir where the unit files go
     */
    public SystemdTimers(boolean system, Path unitDir) {
        this.system = system;
        this.unitDir = unitDir;
    }

    /** The user's timers, in {@code $XDG_CONFIG_HOME/systemd/user}. */
    public static SystemdTimers user(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".config");
        return new SystemdTimers(false, config.resolve("systemd/user"));
    }

    /** The system's timers, in {@code /etc/systemd/system}. */
    public static SystemdTimers system() {
        return new SystemdTimers(true, Path.of("/etc/systemd/system"));
    }

    @Override
    public SchedulerKind kind() {
        return system ? SchedulerKind.SYSTEMD_SYSTEM : SchedulerKind.SYSTEMD_USER;
    }

    public Path unitDir() {
        return unitDir;
    }

    @Override
    public List<String> install(Schedule s, Launch launch, Map<String, String> credentials) throws EngineException {
        remove(s.name());
        List<String> written = new ArrayList<>();
        List<String> timers = new ArrayList<>();
        try {
            Files.createDirectories(unitDir);
            for (Schedule.Kind kind : s.kinds()) {
                String unit = Units.unitName(s.name(), kind);
                Path service = unitDir.resolve(unit + ".service");
                Path timer = unitDir.resolve(unit + ".timer");
                write(service, Units.service(s, kind, launch, system ? credentials : Map.of()));
                write(timer, Units.timer(s, kind, s.calendar(kind).onCalendar()));
                written.add(service.toString());
                written.add(timer.toString());
                timers.add(unit + ".timer");
            }
        } catch (IOException e) {
            throw new EngineException("Could not write the timers into " + unitDir + ": " + e.getMessage(), e);
        }
        systemctl("daemon-reload");
        if (!s.paused()) {
            List<String> enable = new ArrayList<>(List.of("enable", "--now"));
            enable.addAll(timers);
            systemctl(enable.toArray(String[]::new));
        }
        return written;
    }

    @Override
    public void remove(String schedule) throws EngineException {
        List<String> timers = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Schedule.Kind kind : Schedule.Kind.values()) {
            String unit = Units.unitName(schedule, kind);
            Path timer = unitDir.resolve(unit + ".timer");
            if (Files.exists(timer)) {
                timers.add(unit + ".timer");
            }
            files.add(timer);
            files.add(unitDir.resolve(unit + ".service"));
        }
        if (!timers.isEmpty()) {
            List<String> disable = new ArrayList<>(List.of("disable", "--now"));
            disable.addAll(timers);
            // A timer never enabled (a paused schedule) is disabled all the same: not an error.
            run(disable.toArray(String[]::new));
        }
        boolean any = false;
        for (Path f : files) {
            try {
                any |= Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new EngineException("Could not remove " + f + ": " + e.getMessage(), e);
            }
        }
        if (any) {
            systemctl("daemon-reload");
        }
    }

    @Override
    public LocalProgram.Result start(Schedule s, Schedule.Kind kind, Launch launch) throws EngineException {
        // A oneshot service: start returns when the run has ended, with its outcome.
        return LocalProgram.run(
                command("start", Units.unitName(s.name(), kind) + ".service"),
                null,
                Map.of(),
                Duration.ofDays(1),
                "systemd");
    }

    @Override
    public String logHint(Schedule s, Schedule.Kind kind) {
        return "journalctl " + (system ? "" : "--user ") + "-u " + Units.unitName(s.name(), kind);
    }

    /** Pauses or resumes: the timers stopped and disabled, or enabled and started. */
    public void enable(Schedule s, boolean on) throws EngineException {
        List<String> a = new ArrayList<>(List.of(on ? "enable" : "disable", "--now"));
        s.kinds().forEach(k -> a.add(Units.unitName(s.name(), k) + ".timer"));
        systemctl(a.toArray(String[]::new));
    }

    private void systemctl(String... args) throws EngineException {
        LocalProgram.Result r = run(args);
        if (!r.ok()) {
            throw new EngineException("systemctl " + (system ? "" : "--user ") + String.join(" ", args)
                    + " failed: " + r.said()
                    + (system
                            ? ""
                            : " (a user timer needs a running user manager: log in to a desktop, or as root"
                                    + " use --scheduler systemd-system)"));
        }
    }

    private LocalProgram.Result run(String... args) throws EngineException {
        return LocalProgram.run(command(args), null, Map.of(), Duration.ofMinutes(1), "systemd");
    }

    private List<String> command(String... args) {
        List<String> a = new ArrayList<>(List.of("systemctl"));
        if (!system) {
            a.add("--user");
        }
        a.addAll(List.of(args));
        return a;
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
