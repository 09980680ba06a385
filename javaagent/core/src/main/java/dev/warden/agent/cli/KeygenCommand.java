package dev.warden.agent.cli;

import dev.warden.bundle.BundleException;
import dev.warden.bundle.KeyPairs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen --out PREFIX}: a new Ed25519 signing key pair for bundles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write an Ed25519 signing key pair PREFIX.key (private, mode 600) and PREFIX.pub (PEM), and print its key id.",
            "Put PREFIX.pub in the agents' trust directory; keep PREFIX.key secret. Exit 0 written, 2 bad input."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "PREFIX", required = true, description = "where to write PREFIX.key and PREFIX.pub (never overwritten)")
    Path out;

    @Option(names = "--data", description = "write a data-key file for keys= instead (not supported yet)")
    boolean data;

    @Override
    public Integer call() {
        if (data) {
            System.err.println("warden: keygen --data: data keys are not supported by this version yet");
            return WardenCli.BAD_INPUT;
        }
        try {
            String keyId = KeyPairs.write(KeyPairs.generate(), out);
            System.out.println("key id " + keyId + ": wrote " + out + ".key (private, keep it secret) and " + out + ".pub (for trust directories)");
            return WardenCli.OK;
        } catch (BundleException e) {
            System.err.println("warden: " + e.getMessage());
            return WardenCli.BAD_INPUT;
        }
    }
}
