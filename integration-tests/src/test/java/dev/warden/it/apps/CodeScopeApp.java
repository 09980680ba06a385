package dev.warden.it.apps;

import dev.warden.it.apps.plugins.NotesPlugin;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the same file three ways: from the app's own code, from a plugin's code, and from the
 * app's code called back by the plugin. Argument: the file.
 */
public final class CodeScopeApp {

    private CodeScopeApp() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Report.run(new String[] {"step", "app"}, () -> new String[] {"content", Files.readString(file)});
        Report.run(new String[] {"step", "plugin"}, () -> new String[] {"content", NotesPlugin.read(file)});
        Report.run(new String[] {"step", "callback"},
                () -> new String[] {"content", NotesPlugin.readThrough(() -> Files.readString(file))});
    }
}
