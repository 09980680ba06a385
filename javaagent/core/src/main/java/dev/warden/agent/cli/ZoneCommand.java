package dev.warden.agent.cli;

import dev.warden.agent.apply.zone.ZoneDirectory;
import dev.warden.agent.apply.zone.ZoneFiles;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zone encrypt|decrypt FILE --keys KEYS [--out FILE]}: encryption-zone files for operators;
 * {@code zone encrypt DIR --keys KEYS [--dry-run]}: a directory's plaintext files encrypted in place.
 */
@Command(name = "zone", mixinStandardHelpOptions = true,
        description = "Encrypt a file (or every plaintext file of a directory, in place) for an encryption zone,"
                + " or decrypt one that Warden wrote there.",
        subcommands = {ZoneCommand.Encrypt.class, ZoneCommand.Decrypt.class})
final class ZoneCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** What both subcommands take. */
    abstract static class Transform implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the file to read")
        Path file;

        @Option(names = "--keys", paramLabel = "FILE|env:NAME", required = true,
                description = "the data keys, as for the agent's keys= option")
        String keys;

        @Option(names = "--out", paramLabel = "FILE",
                description = "where to write the result (replaced only when complete); standard output when absent")
        Path out;

        abstract void transform(InputStream in, OutputStream result, DataKeys dataKeys) throws IOException;

        /** The data keys, or null once the failure is told. */
        DataKeys loadKeys() {
            try {
                return DataKeys.load(keys, System::getenv);
            } catch (ConfigException e) {
                System.err.println("warden: " + e.getMessage());
                return null;
            }
        }

        @Override
        public Integer call() {
            if (Files.isDirectory(file)) {
                System.err.println("warden: " + file + " is a directory; only zone encrypt takes one (without --out)");
                return WardenCli.BAD_INPUT;
            }
            DataKeys dataKeys = loadKeys();
            if (dataKeys == null) {
                return WardenCli.BAD_INPUT;
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (out == null) {
                    transform(in, System.out, dataKeys);
                    System.out.flush();
                    return WardenCli.OK;
                }
                ZoneFiles.writeAtomically(out, result -> transform(in, result, dataKeys));
                System.err.println("warden: wrote " + out);
                return WardenCli.OK;
            } catch (NoSuchFileException missing) {
                System.err.println("warden: no such file: " + missing.getFile());
                return WardenCli.BAD_INPUT;
            } catch (IOException failed) {
                System.err.println(wardenMessage(failed));
                return WardenCli.DENIED;
            }
        }
    }

    private static String wardenMessage(IOException failed) {
        return failed.getMessage() != null && failed.getMessage().startsWith("warden: ") ? failed.getMessage() : "warden: " + failed;
    }

    private static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypt FILE under the current (last) data key, in the format Warden writes in encryption zones.",
                "Given a directory, encrypt every regular plaintext file under it in place (each atomically: a temporary"
                    + " file beside it, then moved over it), skipping files already in Warden's zone format;"
                    + " symbolic links are not followed. Stop the app writing there first.",
                "Exit 0 written, 1 failed (a file that failed is left as it was; run again to go on), 2 bad input."})
    static final class Encrypt extends Transform {

        @Option(names = "--dry-run", description = "with a directory: list what would be encrypted and skipped, change nothing")
        boolean dryRun;

        @Override
        void transform(InputStream in, OutputStream result, DataKeys dataKeys) throws IOException {
            ZoneFiles.encrypt(in, result, dataKeys);
        }

        @Override
        public Integer call() {
            if (!Files.isDirectory(file)) {
                if (dryRun) {
                    System.err.println("warden: --dry-run lists what zone encrypt DIR would encrypt; " + file + " is no directory");
                    return WardenCli.BAD_INPUT;
                }
                return super.call();
            }
            if (out != null) {
                System.err.println("warden: " + file + " is a directory, encrypted in place: --out takes a single file");
                return WardenCli.BAD_INPUT;
            }
            DataKeys dataKeys = loadKeys();
            return dataKeys == null ? WardenCli.BAD_INPUT : encryptDirectory(dataKeys);
        }

        private int encryptDirectory(DataKeys dataKeys) {
            ZoneDirectory.Contents contents;
            try {
                contents = ZoneDirectory.scan(file);
            } catch (IOException failed) {
                System.err.println("warden: cannot read " + file + ": " + wardenMessage(failed).substring("warden: ".length())
                        + "; nothing was encrypted");
                return WardenCli.DENIED;
            }
            for (Path skipped : contents.encrypted()) {
                System.out.println("skipped " + skipped + ": already in Warden's zone format");
            }
            int total = contents.plaintext().size();
            String skippedCount = ", skipped " + contents.encrypted().size() + " already encrypted";
            if (dryRun) {
                contents.plaintext().forEach(plain -> System.out.println("would encrypt " + plain));
                System.out.println("warden: would encrypt " + files(total) + " under " + file + skippedCount
                        + " (dry run: nothing changed)");
                return WardenCli.OK;
            }
            int done = 0;
            for (Path plain : contents.plaintext()) {
                try {
                    ZoneDirectory.encryptInPlace(plain, dataKeys);
                } catch (IOException failed) {
                    System.out.println("warden: encrypted " + done + " of " + total + " files under " + file + skippedCount);
                    System.err.println("warden: cannot encrypt " + plain + ": " + wardenMessage(failed).substring("warden: ".length())
                            + "; it is left as it was. " + files(total - done) + " not encrypted yet: run the command"
                            + " again once fixed (encrypted files are skipped)");
                    return WardenCli.DENIED;
                }
                done++;
                System.out.println("encrypted " + plain);
            }
            System.out.println("warden: encrypted " + files(total) + " under " + file + " with data key "
                    + dataKeys.current().id() + skippedCount);
            return WardenCli.OK;
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = {"Decrypt FILE that Warden wrote in an encryption zone (or zone encrypt made), with any of the data keys.",
                "Exit 0 written, 1 not decryptable (changed, cut, or its key is not among the keys), 2 bad input."})
    static final class Decrypt extends Transform {
        @Override
        void transform(InputStream in, OutputStream result, DataKeys dataKeys) throws IOException {
            ZoneFiles.decrypt(in, result, dataKeys, file.toString());
        }
    }
}
