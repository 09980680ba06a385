package dev.warden.agent.cli;

import dev.warden.agent.apply.zone.ZoneFiles;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zone encrypt|decrypt FILE --keys KEYS [--out FILE]}: encryption-zone files for operators. */
@Command(name = "zone", mixinStandardHelpOptions = true,
        description = "Encrypt a file for an encryption zone, or decrypt one that Warden wrote there.",
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

        @Override
        public Integer call() {
            DataKeys dataKeys;
            try {
                dataKeys = DataKeys.load(keys, System::getenv);
            } catch (ConfigException e) {
                System.err.println("warden: " + e.getMessage());
                return WardenCli.BAD_INPUT;
            }
            try (InputStream in = Files.newInputStream(file)) {
                if (out == null) {
                    transform(in, System.out, dataKeys);
                    System.out.flush();
                    return WardenCli.OK;
                }
                Path absolute = out.toAbsolutePath();
                Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".partial");
                try {
                    try (OutputStream result = Files.newOutputStream(partial)) {
                        transform(in, result, dataKeys);
                    }
                    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
                System.err.println("warden: wrote " + out);
                return WardenCli.OK;
            } catch (NoSuchFileException missing) {
                System.err.println("warden: no such file: " + missing.getFile());
                return WardenCli.BAD_INPUT;
            } catch (IOException failed) {
                System.err.println(failed.getMessage().startsWith("warden: ") ? failed.getMessage() : "warden: " + failed);
                return WardenCli.DENIED;
            }
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypt FILE under the current (last) data key, in the format Warden writes in encryption zones.",
                "Exit 0 written, 1 failed, 2 bad input."})
    static final class Encrypt extends Transform {
        @Override
        void transform(InputStream in, OutputStream result, DataKeys dataKeys) throws IOException {
            ZoneFiles.encrypt(in, result, dataKeys);
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
