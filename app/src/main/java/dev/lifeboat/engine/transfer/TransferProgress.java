package dev.lifeboat.engine.transfer;

import java.time.Duration;
import java.util.Optional;

/**
 * One progress report of a running transfer, as rsync's {@code --info=progress2} gives it.
 *
 * @param bytes bytes transferred so far (over the whole run)
 * @param percent rsync's estimate of how far it is, 0-100
 * @param bytesPerSecond current rate
 * @param eta rsync's estimate of the time left (for the current file when the total is not known yet)
 * @param filesTransferred files sent so far ({@code xfr#}); 0 until the first one finished
 * @param filesToCheck files still to check; -1 when not reported
 * @param filesTotal files known in total; -1 when not reported
 * @param totalKnown false while rsync still scans ({@code ir-chk}); the totals may grow
 */
public record TransferProgress(
        long bytes,
        int percent,
        double bytesPerSecond,
        Optional<Duration> eta,
        long filesTransferred,
        long filesToCheck,
        long filesTotal,
        boolean totalKnown) {}
