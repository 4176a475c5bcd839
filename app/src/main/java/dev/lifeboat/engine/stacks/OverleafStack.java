package dev.lifeboat.engine.stacks;

/**
 * Overleaf CE and Server Pro, Toolkit and plain compose deployments (dossier §1). All data: the Toolkit's settings
 * come from {@code lib/default.rc} under {@code config/overleaf.rc}, or under the seed {@code
 * lib/config-seed/overleaf.rc} that {@code bin/init} would copy when {@code config/} was never initialised.
 */
public final class OverleafStack extends DescriptorStack {
    public OverleafStack() {
        super(DescriptorLoader.builtIn("overleaf"));
    }
}
