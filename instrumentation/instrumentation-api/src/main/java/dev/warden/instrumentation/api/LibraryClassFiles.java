package dev.warden.instrumentation.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Version checks of a library without loading its classes: a class file is read as a resource
 * and searched for the names the advice relies on (method and field names are stored verbatim in
 * its constant pool). Safe inside class loading, where loading a class could deadlock.
 */
public final class LibraryClassFiles {

    private LibraryClassFiles() {
    }

    /**
     * True when {@code loader} (null: the boot loader) holds the class {@code binaryName} and its
     * class file mentions every one of {@code names}.
     */
    public static boolean mentions(ClassLoader loader, String binaryName, String... names) {
        String resource = binaryName.replace('.', '/') + ".class";
        try (InputStream in = loader == null
                ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (String name : names) {
                if (!constants.contains(name)) {
                    return false;
                }
            }
            return true;
        } catch (IOException unreadable) {
            return false;
        }
    }
}
