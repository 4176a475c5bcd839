package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.notify.Channel;
import dev.lifeboat.engine.remote.Prompter;
import dev.lifeboat.engine.schedule.Launch;
import dev.lifeboat.engine.schedule.Schedule;
import dev.lifeboat.engine.service.ScheduleService;
import dev.lifeboat.engine.service.Unattended;
import java.util.List;
import java.util.function.Consumer;

/**
 * Saves what the schedule form asked for, as {@code lifeboat schedule add} does: the runs' own key made, shown and
 * installed on the server once the admin agrees (or the admin's key file), the login tried as the runs will log in
 * (a secret it needs kept for them), then the profile and new channels saved and the timers installed. Nothing is
 * saved or installed before the login works. Runs on a worker thread; its questions hop to the FX thread.
 */
public final class ScheduleSaver {
    private final ScheduleService service;
    private final ProfileStore profiles;
    private final Launch launch;

    public ScheduleSaver(ScheduleService service, ProfileStore profiles, Launch launch) {
        this.service = service;
        this.profiles = profiles;
        this.launch = launch;
    }

    /**
     * What the form asks to save.
     *
     * @param draft the schedule, its key file and secrets not known yet
     * @param profile the saved server it backs up
     * @param saveProfile whether the profile must be saved (the runs read it)
     * @param ownKey whether the runs log in with a key Lifeboat makes for the profile
     * @param keyFile else, the admin's key file
     * @param newChannels channels to save before the schedule names them
     */
    public record Request(
            Schedule draft,
            ConnectionProfile profile,
            boolean saveProfile,
            boolean ownKey,
            String keyFile,
            List<Channel> newChannels) {
        public Request {
            newChannels = List.copyOf(newChannels);
        }
    }

    /** What saving did. */
    public record Saved(Schedule schedule, Unattended.LoginCheck check, List<String> written) {}

    /** The question before the runs' own key goes into the server's {@code authorized_keys}. */
    @FunctionalInterface
    public interface KeyQuestion {
        /** True when the admin agrees to install {@code key} for {@code profile}'s login. Called on the worker. */
        boolean install(Unattended.Key key, ConnectionProfile profile);
    }

    /**
     * Saves the schedule.
     *
     * @param prompter asks for a login password, passphrase, sudo password or host key (the window's dialogs)
     * @param progress what happens now, in words
     * @throws EngineException when a step fails or the admin declines the key: nothing is installed then
     */
    public Saved save(Request r, Prompter prompter, KeyQuestion question, Consumer<String> progress)
            throws EngineException {
        ConnectionProfile p = r.profile();
        String keyFile = r.keyFile();
        if (r.ownKey()) {
            progress.accept("Making the runs' own key for " + p.name() + " …");
            Unattended.Key key = service.profileKey(p.name());
            if (!question.install(key, p)) {
                throw new EngineException("The key was not installed on " + p.address() + ", so nothing was saved:"
                        + " without it a scheduled run cannot log in. Install it, or choose a key file of yours.");
            }
            progress.accept("Adding the key to " + p.address() + "'s authorized_keys …");
            service.installKey(p, key.publicLine(), prompter);
            keyFile = key.file().toString();
        }
        Schedule s = with(r.draft(), keyFile, r.draft().secrets());
        progress.accept("Logging in to " + p.address() + " as the runs will, with " + keyFile + " alone …");
        Unattended.LoginCheck check = service.checkLogin(s, p, prompter);
        s = with(s, keyFile, check.secretsKept().isEmpty() ? "none" : String.join(", ", check.secretsKept()));
        if (r.saveProfile()) {
            progress.accept("Saving the profile " + p.name() + " …");
            profiles.save(p);
        }
        for (Channel c : r.newChannels()) {
            progress.accept("Saving the channel " + c.name() + " …");
            service.addChannel(c, null);
        }
        progress.accept("Installing the " + s.scheduler().word() + " schedule …");
        List<String> written = service.install(s, launch);
        return new Saved(s, check, written);
    }

    private static Schedule with(Schedule s, String keyFile, String secrets) {
        return new Schedule(
                s.name(),
                s.profile(),
                s.app(),
                s.backup(),
                s.drill(),
                s.drillOn(),
                s.channels(),
                s.scheduler(),
                keyFile,
                s.store(),
                secrets,
                s.created(),
                s.paused());
    }
}
