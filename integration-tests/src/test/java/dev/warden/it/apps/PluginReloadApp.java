package dev.warden.it.apps;

import dev.warden.it.apps.plugins.NotesPlugin;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Has the plugin read a file again and again until it is denied (a reload put its package in a code
 * segment) or the attempts run out, then reads the file from the app's own code. Tells stderr once
 * the plugin's first read went through, so that the operator ships the new revision after the
 * plugin's class is loaded. Args: file, max attempts, pause between attempts in ms.
 */
public final class PluginReloadApp {

    private PluginReloadApp() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int attempts = Integer.parseInt(args[1]);
        long pause = Long.parseLong(args[2]);
        Report.run(new String[] {"step", "plugin"}, () -> {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                try {
                    NotesPlugin.read(file);
                } catch (IOException denied) {
                    throw denied;
                }
                if (attempt == 1) {
                    System.err.println("[app] the plugin read the file");
                }
                Thread.sleep(pause);
            }
            return new String[] {"attempts", Integer.toString(attempts)};
        });
        Report.run(new String[] {"step", "app"}, () -> new String[] {"content", FileHelper.read(file)});
    }
}
