package dev.warden.instrumentation.jdk.files;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * Encryption zones ({@code ZoneBridge}): a {@code FileInputStream} or {@code FileOutputStream}
 * opened on a zone file is paired with Warden's decrypting or encrypting stream, and its read and
 * write methods go there instead; {@code Files}' streams and whole-file reads of a zone file are
 * Warden's. Outside zones each hook is one volatile read (no zone file open). See
 * {@code docs/data-protection.md}.
 */
public final class ZoneEntryPoints implements EntryPointCatalogue {

    private static final String ZONES = "dev.warden.bootstrap.ZoneBridge";
    private static final String IN = "java.io.FileInputStream";
    private static final String OUT = "java.io.FileOutputStream";
    private static final String FILES = "java.nio.file.Files";
    private static final String PLAINTEXT = "zone file: the app's bytes are encrypted";
    private static final String NOT_DENIED = "not denied: decided at open";

    @Override
    public List<EntryPoint> entryPoints() {
        List<EntryPoint> entries = new ArrayList<>(List.of(
                at(OUT, "open(java.lang.String, boolean)").self().arguments(0, 1)
                        .access("zone file opened for writing", "throws FileNotFoundException").after(ZONES, "openedOutput"),
                at(OUT, "write(int)").self().arguments(0).access(PLAINTEXT, NOT_DENIED).skipIf(ZONES, "wroteToZone"),
                at(OUT, "write(byte[])").self().arguments(0).access(PLAINTEXT, NOT_DENIED).skipIf(ZONES, "wroteToZone"),
                at(OUT, "write(byte[], int, int)").self().arguments(0, 1, 2).access(PLAINTEXT, NOT_DENIED)
                        .skipIf(ZONES, "wroteToZone"),

                at(IN, "open(java.lang.String)").self().arguments(0)
                        .access("zone file opened for reading", "throws FileNotFoundException").after(ZONES, "openedInput"),
                at(IN, "read()").self().access("zone file: the app reads plaintext", NOT_DENIED).substitute(ZONES, "readFromZone"),
                at(IN, "read(byte[])").self().arguments(0).access("zone file: the app reads plaintext", NOT_DENIED)
                        .substitute(ZONES, "readFromZone"),
                at(IN, "read(byte[], int, int)").self().arguments(0, 1, 2).access("zone file: the app reads plaintext", NOT_DENIED)
                        .substitute(ZONES, "readFromZone"),
                at(IN, "readAllBytes()").self().access("zone file: the app reads plaintext", NOT_DENIED)
                        .substitute(ZONES, "readAllFromZone"),
                at(IN, "readNBytes(int)").self().arguments(0).access("zone file: the app reads plaintext", NOT_DENIED)
                        .substitute(ZONES, "readNFromZone"),
                at(IN, "skip(long)").self().arguments(0).access("zone file: positions in plaintext", NOT_DENIED)
                        .substitute(ZONES, "skipInZone"),
                at(IN, "available()").self().access("zone file: plaintext bytes left", NOT_DENIED)
                        .substitute(ZONES, "availableInZone"),
                // JDK 21+ copies through a channel
                at(IN, "transferTo(java.io.OutputStream)").self().arguments(0).since(21)
                        .access("zone file: the app reads plaintext", NOT_DENIED).substitute(ZONES, "transferFromZone"),

                at(FILES, "newOutputStream(java.nio.file.Path, java.nio.file.OpenOption[])").arguments(0, 1)
                        .access("zone file opened for writing", "throws AccessDeniedException").substitute(ZONES, "newOutputStream"),
                at(FILES, "newInputStream(java.nio.file.Path, java.nio.file.OpenOption[])").arguments(0, 1)
                        .access("zone file opened for reading", "throws AccessDeniedException").substitute(ZONES, "newInputStream"),
                at(FILES, "readAllBytes(java.nio.file.Path)").arguments(0)
                        .access("zone file read whole", "throws AccessDeniedException").substitute(ZONES, "readAllBytes"),
                // reads through a channel, even a memory map
                at(FILES, "lines(java.nio.file.Path, java.nio.charset.Charset)").arguments(0, 1)
                        .access("zone file read by lines", "throws AccessDeniedException").substitute(ZONES, "zoneLines")));
        for (String stream : List.of(IN, OUT)) {
            entries.add(at(stream, "getChannel()").self()
                    .access("channel of a zone stream (would bypass the encryption)", "throws UncheckedIOException(AccessDeniedException)")
                    .before(ZONES, "checkChannel"));
            // an encrypting stream seals its last segment before the file closes; a failure is thrown once it has
            entries.add(at(stream, "close()").self().access("zone file closed", "throws IOException when sealing failed")
                    .before(ZONES, "sealBeforeClose"));
            entries.add(at(stream, "close()").self().access("zone file closed", "throws IOException when sealing failed")
                    .after(ZONES, "throwSealFailure"));
        }
        return entries;
    }
}
