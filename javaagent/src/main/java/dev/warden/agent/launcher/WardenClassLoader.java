package dev.warden.agent.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Warden's own class loader. It reads classes from {@code inst/} in the agent jar, stored as
 * {@code .classdata} so that neither the app's class loader nor class-path scanners find them;
 * its parent is the platform loader, so the app's classes (and the app's own copies of ByteBuddy
 * or OpenTelemetry) are never visible to Warden, nor Warden's to the app.
 */
final class WardenClassLoader extends ClassLoader {

    private static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain protectionDomain;
    private final Map<String, byte[]> bridgeClassFiles;

    /** {@code bridgeClassFiles}: the bridge's classes, defined in the boot loader, whose class files only Warden serves. */
    WardenClassLoader(JarFile jar, URL jarUrl, Map<String, byte[]> bridgeClassFiles) {
        super("warden", ClassLoader.getPlatformClassLoader());
        this.jar = jar;
        this.jarUrl = jarUrl;
        this.bridgeClassFiles = bridgeClassFiles;
        this.protectionDomain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + CLASS_SUFFIX);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException unreadable) {
            throw new ClassNotFoundException(name, unreadable);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String packageName = name.substring(0, dot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedConcurrently) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    /**
     * The bridge's class files (for ByteBuddy's type pools: its classes were defined in the boot
     * loader from memory, so no loader has them as resources), then Warden's own resources, then the
     * parent's. Nothing under {@code inst/} shadows a JDK resource: Warden's libraries are relocated.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] classFile = bridgeClassFiles.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            if (classFile != null) {
                return new ByteArrayInputStream(classFile);
            }
        }
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry != null) {
            // read from the jar itself: a jar: URL loads the JDK's URL-connection classes, about twenty, at start
            try {
                return jar.getInputStream(entry);
            } catch (IOException unreadable) {
                return null;
            }
        }
        return super.getResourceAsStream(name);
    }

    private static String entryName(String resource) {
        return resource.endsWith(".class")
                ? PREFIX + resource.substring(0, resource.length() - ".class".length()) + CLASS_SUFFIX
                : PREFIX + resource;
    }

    /** Resources under {@code inst/}; a {@code .class} resource maps to its {@code .classdata} entry (ByteBuddy reads advice so). */
    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (MalformedURLException impossible) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
