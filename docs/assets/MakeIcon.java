// Draws Lifeboat's window icon (a lifebuoy on a blue tile) at the sizes JavaFX picks from.
// Run from the repository root:  java docs/assets/MakeIcon.java
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class MakeIcon {
    public static void main(String[] args) throws Exception {
        File dir = new File("app/src/main/resources/dev/lifeboat/ui/icons");
        dir.mkdirs();
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double s = size;
            g.setPaint(new GradientPaint(0, 0, new Color(0x1E6FD9), 0, (float) s, new Color(0x0B3D91)));
            g.fill(new RoundRectangle2D.Double(0, 0, s, s, s * 0.28, s * 0.28));
            double c = s / 2, outer = s * 0.38, inner = s * 0.20;
            Area ring = new Area(new Ellipse2D.Double(c - outer, c - outer, 2 * outer, 2 * outer));
            ring.subtract(new Area(new Ellipse2D.Double(c - inner, c - inner, 2 * inner, 2 * inner)));
            g.setColor(Color.WHITE);
            g.fill(ring);
            g.setColor(new Color(0xE8413C));
            for (int i = 0; i < 4; i++) {
                Area seg = new Area(new Arc2D.Double(c - outer, c - outer, 2 * outer, 2 * outer, 45 + i * 90 - 20, 40, Arc2D.PIE));
                seg.intersect(ring);
                g.fill(seg);
            }
            g.dispose();
            ImageIO.write(img, "png", new File(dir, "lifeboat-" + size + ".png"));
        }
    }
}
