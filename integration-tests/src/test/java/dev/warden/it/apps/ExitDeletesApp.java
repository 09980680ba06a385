package dev.warden.it.apps;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deletes at exit, as Tomcat and Spring Boot do with their temporary directories: one file from a
 * shutdown hook of its own, one by {@code File.deleteOnExit} (which the JVM runs after every hook).
 * Arg: a directory.
 */
public final class ExitDeletesApp {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path byHook = Files.writeString(dir.resolve("by-hook.txt"), "x");
        Path onExit = Files.writeString(dir.resolve("on-exit.txt"), "x");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> byHook.toFile().delete(), "app-cleanup"));
        new File(onExit.toString()).deleteOnExit();
        Report.ok("files", "2");
    }
}
