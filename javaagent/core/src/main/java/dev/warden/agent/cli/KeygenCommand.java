package dev.warden.agent.cli;

import dev.warden.agent.config.DataKeys;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.KeyPairs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keygen --out PREFIX}: a new Ed25519 signing key pair for bundles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write an Ed25519 signing key pair PREFIX.key (private, mode 600) and PREFIX.pub (PEM), and print its key id.",
            "Put PREFIX.pub in the agents' trust directory; keep PREFIX.key secret.",
            "With --data: add a new 256-bit data key to the key file FILE for keys= (created, mode 600, when absent);",
            "the new key encrypts from then on, the older ones in the file still decrypt. Exit 0 written, 2 bad input."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "PREFIX|FILE", required = true,
            description = "where to write PREFIX.key and PREFIX.pub (never overwritten); with --data, the data-key file")
    Path out;

    @Option(names = "--data", description = "add a data key (tokenize, encryption zones) to the key file instead")
    boolean data;

    @Override
    public Integer call() {
        if (data) {
            try {
                String keyId = DataKeys.addNewKey(out);
                System.out.println("data key " + keyId + ": added to " + out + "; it encrypts from now on (keep the file secret)");
                return WardenCli.OK;
            } catch (IOException e) {
                System.err.println("warden: keygen --data: " + e.getMessage());
                return WardenCli.BAD_INPUT;
            }
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
