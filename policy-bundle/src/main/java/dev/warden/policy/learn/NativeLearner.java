package dev.warden.policy.learn;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Native code: the libraries loaded (targets are canonical paths, written with the path variables as files
 * are; the names a library's loader draws anew at each run, such as the UUID sqlite-jdbc and the random
 * number Netty put into the file they unpack into the temp directory, made globs by {@link RunValues}), and whether FFM restricted methods were used and
 * {@code sun.misc.Unsafe} obtained.
 */
public final class NativeLearner implements RuleLearner {

    private final Set<String> libraries = new TreeSet<>();
    private boolean ffm;
    private boolean unsafe;

    @Override
    public void observe(String action, String target, String detail) {
        switch (action) {
            case "load" -> libraries.add(target);
            case "ffm" -> ffm = true;
            case "unsafe" -> unsafe = true;
            default -> {
                // an action of a later format: nothing this learner writes
            }
        }
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (libraries.isEmpty() && !ffm && !unsafe) {
            return;
        }
        yaml.append(indent).append("native:\n");
        if (!libraries.isEmpty()) {
            yaml.append(indent).append("  libraries:\n");
            Set<String> written = new TreeSet<>();
            for (String library : libraries) {
                written.add(FileLearner.generalised(library, pathVariables));
            }
            for (String library : written) {
                yaml.append(indent).append("    - ").append(RuleLearner.quote(library)).append('\n');
            }
        }
        if (ffm) {
            yaml.append(indent).append("  ffm: true\n");
        }
        if (unsafe) {
            yaml.append(indent).append("  unsafe: true\n");
        }
    }
}
