package dev.lifeboat.engine.config;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.notify.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The notification channels: {@code notify.json} in the config folder (0600; ADR 0013). Not thread-safe. */
public final class ChannelStore {
    private final NamedJsonFile<Channel> file;

    public ChannelStore(Path configDir) {
        this.file = new NamedJsonFile<>(
                configDir.resolve("notify.json"), Channel.class, Channel::name, "notification channels");
    }

    public List<Channel> list() throws EngineException {
        return file.list();
    }

    public Optional<Channel> get(String name) throws EngineException {
        return file.get(name);
    }

    public void save(Channel c) throws EngineException {
        file.save(c);
    }

    public boolean delete(String name) throws EngineException {
        return file.delete(name);
    }
}
