package dev.lifeboat.engine.offsite;

import java.util.Arrays;

/** An S3 access key pair as the user typed it, on its way into the secret store. Clear it when done. */
public record S3Keys(char[] keyId, char[] secret) {
    public void clear() {
        Arrays.fill(keyId, '\0');
        Arrays.fill(secret, '\0');
    }

    @Override
    public String toString() {
        return "S3Keys[***]";
    }
}
