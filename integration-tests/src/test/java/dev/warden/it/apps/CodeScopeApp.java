package dev.warden.it.apps;

import dev.warden.it.apps.plugins.NotesPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the same file from the app's own code, then from a plugin's code in every way the plugin's
 * code can reach it: directly, through a library, through the app's own helper class, by calling
 * back the app, by handing the app's code to the app's thread pool, in a constructor, in a static
 * initializer; and last from
 * the app's code again, once the plugin has returned. One result line a step. Argument: the file.
 */
public final class CodeScopeApp {

    private CodeScopeApp() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            pool.submit(() -> { }).get(); // the worker exists before the plugin runs: nothing of it is inherited
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Report.run(new String[] {"step", "app"}, () -> new String[] {"content", Files.readString(file)});
        Report.run(new String[] {"step", "plugin"}, () -> new String[] {"content", NotesPlugin.read(file)});
        Report.run(new String[] {"step", "library"}, () -> new String[] {"content", NotesPlugin.readWithLibrary(file)});
        Report.run(new String[] {"step", "helper"}, () -> new String[] {"content", NotesPlugin.readWithAppHelper(file)});
        Report.run(new String[] {"step", "callback"},
                () -> new String[] {"content", NotesPlugin.readThrough(() -> FileHelper.read(file))});
        Report.run(new String[] {"step", "pool"},
                () -> new String[] {"content", NotesPlugin.readOn(pool, () -> FileHelper.read(file))});
        Report.run(new String[] {"step", "constructor"},
                () -> new String[] {"content", new NotesPlugin.Snapshot(file).content()});
        NotesPlugin.defaultsFrom(file);
        Report.run(new String[] {"step", "static-initializer"}, () -> new String[] {"content", NotesPlugin.Defaults.content()});
        Report.run(new String[] {"step", "app-again"}, () -> new String[] {"content", FileHelper.read(file)});
        Report.run(new String[] {"step", "pool-again"}, () -> new String[] {"content", pool.submit(() -> FileHelper.read(file)).get()});
        pool.shutdown();
    }
}
