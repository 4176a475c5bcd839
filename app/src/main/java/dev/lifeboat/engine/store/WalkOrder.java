package dev.lifeboat.engine.store;

/** The order {@link TreeIndex} walks in: depth first, names sorted, so a folder's entries follow it directly. */
final class WalkOrder {
    private WalkOrder() {}

    static int compare(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
