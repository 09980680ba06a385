package dev.warden.instrumentation.api;

import java.util.List;

/**
 * The JDK methods one area mediates, one {@link EntryPoint} per method: the place a newcomer reads
 * to know what Warden hooks there and how each denial surfaces. Found with
 * {@link java.util.ServiceLoader} inside Warden's class loader, like {@link WardenInstrumentation}.
 * A class is woven either from catalogues or by {@link WardenInstrumentation}s, never both.
 */
public interface EntryPointCatalogue {

    List<EntryPoint> entryPoints();
}
