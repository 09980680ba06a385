package dev.warden.it.apps.unweavable;

/** Where {@link LocalDriver} notes that its {@code connect} ran. */
public class PlainBase {
    public static volatile boolean connectRan;
}
