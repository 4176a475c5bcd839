package dev.lifeboat.engine.probe;

import java.nio.file.Path;

class FsProbeTest extends ProbeContractTest {
    @Override
    Probe probe(Path root) {
        return new FsProbe(root);
    }
}
