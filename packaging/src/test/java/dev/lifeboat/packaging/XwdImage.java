package dev.lifeboat.packaging;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the screen of an Xvfb started with {@code -fbdir DIR}: the file {@code DIR/Xvfb_screen0} is the live frame
 * buffer in X Window Dump (XWD) format. Only what Xvfb writes is supported: a ZPixmap in TrueColor with 24 or 32 bits
 * per pixel. This spares the test container an image tool (ImageMagick's {@code import}), so that it holds only the
 * package's dependencies and Xvfb.
 */
final class XwdImage {
    private static final int XWD_FILE_VERSION = 7;
    private static final int Z_PIXMAP = 2;
    private static final int TRUE_COLOR = 4;
    private static final int LSB_FIRST = 0;
    private static final int COLOR_ENTRY_BYTES = 12;

    private XwdImage() {}

    /**
     * The part {@code x, y, width, height} of the screen in {@code xwd}, clipped to the screen (a window may reach
     * beyond it).
     */
    static BufferedImage read(byte[] xwd, int left, int top, int fullWidth, int fullHeight) {
        // The header is 25 CARD32s, most significant byte first, followed by the window name.
        ByteBuffer header = ByteBuffer.wrap(xwd).order(ByteOrder.BIG_ENDIAN);
        int headerSize = header.getInt(0);
        int version = header.getInt(4);
        int format = header.getInt(8);
        int screenWidth = header.getInt(16);
        int screenHeight = header.getInt(20);
        int byteOrder = header.getInt(28);
        int bitsPerPixel = header.getInt(44);
        int bytesPerLine = header.getInt(48);
        int visualClass = header.getInt(52);
        int redMask = header.getInt(56);
        int greenMask = header.getInt(60);
        int blueMask = header.getInt(64);
        int colors = header.getInt(76);
        if (version != XWD_FILE_VERSION || format != Z_PIXMAP || visualClass != TRUE_COLOR) {
            throw new IllegalArgumentException("not an Xvfb TrueColor ZPixmap dump: version " + version + ", format "
                    + format + ", visual class " + visualClass);
        }
        if (bitsPerPixel != 32 && bitsPerPixel != 24) {
            throw new IllegalArgumentException("unsupported bits per pixel: " + bitsPerPixel);
        }
        int x = Math.max(0, left);
        int y = Math.max(0, top);
        int width = Math.min(left + fullWidth, screenWidth) - x;
        int height = Math.min(top + fullHeight, screenHeight) - y;
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("area " + fullWidth + "x" + fullHeight + "+" + left + "+" + top
                    + " is not on the screen " + screenWidth + "x" + screenHeight);
        }
        int data = headerSize + colors * COLOR_ENTRY_BYTES;
        if (xwd.length < data + (long) bytesPerLine * screenHeight) {
            throw new IllegalArgumentException("dump too short: " + xwd.length + " bytes");
        }
        ByteBuffer pixels =
                ByteBuffer.wrap(xwd).order(byteOrder == LSB_FIRST ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int bytesPerPixel = bitsPerPixel / 8;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < height; row++) {
            int line = data + (y + row) * bytesPerLine;
            for (int column = 0; column < width; column++) {
                int at = line + (x + column) * bytesPerPixel;
                int pixel = bytesPerPixel == 4 ? pixels.getInt(at) : threeBytes(xwd, at, byteOrder == LSB_FIRST);
                image.setRGB(
                        column,
                        row,
                        channel(pixel, redMask) << 16 | channel(pixel, greenMask) << 8 | channel(pixel, blueMask));
            }
        }
        return image;
    }

    private static int threeBytes(byte[] bytes, int at, boolean lsbFirst) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        return lsbFirst ? c << 16 | b << 8 | a : a << 16 | b << 8 | c;
    }

    /** The 8-bit value of the channel that {@code mask} selects. */
    private static int channel(int pixel, int mask) {
        int value = (pixel & mask) >>> Integer.numberOfTrailingZeros(mask);
        int bits = Integer.bitCount(mask);
        return bits >= 8 ? value >>> (bits - 8) : value << (8 - bits);
    }
}
