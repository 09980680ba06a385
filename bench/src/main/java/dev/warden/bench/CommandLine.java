package dev.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The benchmarks' shared command-line conventions: {@code --name value} pairs, usage on error, exit 2 for bad input. */
final class CommandLine {

    /** One {@code --name value} pair. */
    record Option(String name, String value) {

        int atLeast(int minimum) {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, not " + value);
            }
            if (number < minimum) {
                throw new IllegalArgumentException(name + " must be at least " + minimum);
            }
            return number;
        }

        Path path() {
            return Path.of(value);
        }

        IllegalArgumentException unknown() {
            return new IllegalArgumentException("unknown option " + name);
        }
    }

    private CommandLine() {
    }

    /** Parses with {@code parser}; on an {@link IllegalArgumentException} prints its message and the usage, and exits 2. */
    static <T> T parseOrExit(String[] args, Function<String[], T> parser, String usage) {
        try {
            return parser.apply(args);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(usage);
            System.exit(2);
            return null;
        }
    }

    /** The arguments as {@code --name value} pairs; {@code -h} / {@code --help} asks for the usage (an empty message). */
    static List<Option> options(String[] args) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            options.add(new Option(name, args[++i]));
        }
        return options;
    }

    /** A file the run cannot do without: say how to get it and exit 2. */
    static void requireFile(Path path, String hint) {
        if (!Files.isRegularFile(path)) {
            System.err.println(path + ": " + hint);
            System.exit(2);
        }
    }
}
