package dev.warden.policy;

import java.util.List;

/**
 * The {@code native:} section: which native code beyond the JDK's own the app may run. Absent
 * ({@link #NONE}): no library may be loaded, no FFM restricted method used, no {@code sun.misc.Unsafe} obtained.
 *
 * @param id {@code native} (in a segment {@code segments[N].native})
 * @param line the line the section starts on (0 when absent)
 * @param libraries canonical path globs (with {@code ${...}} variables) of the libraries that may be loaded by
 *     {@code System.load}/{@code loadLibrary}, and looked up by FFM's {@code SymbolLookup.libraryLookup}
 * @param ffm whether the FFM API's restricted methods may be used (JDK 22+)
 * @param unsafe whether application code may obtain {@code sun.misc.Unsafe}
 */
public record NativeRules(String id, int line, List<String> libraries, boolean ffm, boolean unsafe) {

    /** No native code beyond the JDK's own. */
    public static final NativeRules NONE = new NativeRules("native", 0, List.of(), false, false);

    public NativeRules {
        libraries = List.copyOf(libraries);
    }

    /** The id of library glob {@code index}: {@code native.libraries[0]}. */
    public String libraryId(int index) {
        return id + ".libraries[" + index + "]";
    }
}
