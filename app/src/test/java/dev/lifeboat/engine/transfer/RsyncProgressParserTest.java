package dev.lifeboat.engine.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines recorded from rsync 3.2.7 (Debian 12 servers) and rsync 3.5.0 (this machine) with --info=progress2. */
class RsyncProgressParserTest {

    @Test
    void progressLineWithTransferCountIsParsed() {
        TransferProgress p = RsyncProgressParser.parse(
                        "     15,728,640  24%   20.28MB/s    0:00:00 (xfr#1, to-chk=54/56)")
                .orElseThrow();
        assertEquals(15_728_640L, p.bytes());
        assertEquals(24, p.percent());
        assertEquals(20.28 * 1024 * 1024, p.bytesPerSecond(), 1.0);
        assertEquals(Duration.ZERO, p.eta().orElseThrow());
        assertEquals(1, p.filesTransferred());
        assertEquals(54, p.filesToCheck());
        assertEquals(56, p.filesTotal());
        assertTrue(p.totalKnown());
    }

    @Test
    void firstLineWithoutTransferCountIsParsed() {
        TransferProgress p = RsyncProgressParser.parse("         32,768   0%    0.00kB/s    0:00:00  ")
                .orElseThrow();
        assertEquals(32_768L, p.bytes());
        assertEquals(0, p.filesTransferred());
        assertEquals(-1, p.filesTotal());
    }

    @Test
    void incrementalRecursionMarksTheTotalAsNotKnownYet() {
        TransferProgress p = RsyncProgressParser.parse(
                        "  1,234,567,890  42%  112.50MB/s    1:02:03 (xfr#1200, ir-chk=1010/3030)")
                .orElseThrow();
        assertFalse(p.totalKnown());
        assertEquals(Duration.ofSeconds(3723), p.eta().orElseThrow());
        assertEquals(1200, p.filesTransferred());
    }

    @Test
    void otherLinesAreNotProgress() {
        assertTrue(RsyncProgressParser.parse("sending incremental file list").isEmpty());
        assertTrue(RsyncProgressParser.parse("rsync error: some files could not be transferred (code 23)")
                .isEmpty());
    }

    @Test
    void streamIsCutAtCarriageReturnsAndNewlines() {
        String raw = "\r         32,768   0%    0.00kB/s    0:00:00  \r      3,000,000   3%  707.44MB/s    0:00:00"
                + " (xfr#1, to-chk=29/31)\r     90,000,000 100%  245.37MB/s    0:00:00 (xfr#30, to-chk=0/31)\n"
                + "rsync: [sender] some warning\n";
        List<TransferProgress> progress = new ArrayList<>();
        List<String> other = new ArrayList<>();
        RsyncProgressParser parser = new RsyncProgressParser(progress::add, other::add);
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        // In awkward chunks, as a pipe delivers them.
        for (int i = 0; i < bytes.length; i += 7) {
            parser.feed(bytes, i, Math.min(7, bytes.length - i));
        }
        parser.finish();
        assertEquals(3, progress.size());
        assertEquals(100, progress.get(2).percent());
        assertEquals(30, progress.get(2).filesTransferred());
        assertEquals(List.of("rsync: [sender] some warning"), other);
    }
}
