package dev.warden.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A second agent in the app's JVM (what a compromised dependency with an agent flag would hold): it
 * keeps its Instrumentation, and its retransform-capable transformer answers every retransformation
 * of {@code sun.nio.ch.Net} with the JDK's pristine class file, which would take Warden's checks out.
 * It notes every class it was asked to retransform.
 */
public final class HostileAgent {
    static volatile Instrumentation instrumentation;
    static final Set<String> retransformed = ConcurrentHashMap.newKeySet();

    private HostileAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                    byte[] classFile) {
                if (redefined == null) {
                    return null;
                }
                retransformed.add(redefined.getName());
                return name.equals("sun/nio/ch/Net") ? pristine("sun/nio/ch/Net.class") : null;
            }
        }, true);
    }

    private static byte[] pristine(String resource) {
        try (InputStream in = Object.class.getModule().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
