package dev.lifeboat.engine.docker;

import java.util.List;
import java.util.Map;

/**
 * What {@code docker inspect} says about a container that Lifeboat needs. {@link #env()} may hold secrets: never log
 * it.
 *
 * @param id full id
 * @param name name without the leading slash
 * @param image the image the config names
 * @param running whether it runs now
 * @param labels all labels
 * @param env environment entries {@code NAME=value}
 * @param mounts bind mounts and volumes
 */
public record ContainerDetails(
        String id,
        String name,
        String image,
        boolean running,
        Map<String, String> labels,
        List<String> env,
        List<Mount> mounts) {

    /**
     * A mount.
     *
     * @param source the path on the server
     * @param destination the path inside the container
     * @param volumeName the named volume, or null for a bind mount
     * @param readWrite whether the container may write
     */
    public record Mount(String source, String destination, String volumeName, boolean readWrite) {}

    @Override
    public String toString() {
        return "ContainerDetails[" + name + " " + image + (running ? " running" : " stopped") + ", " + mounts.size()
                + " mounts]";
    }
}
