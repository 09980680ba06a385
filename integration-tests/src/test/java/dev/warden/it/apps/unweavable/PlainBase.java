package dev.warden.it.apps.unweavable;

/** The superclass {@link UnweavableDriverApp}'s loader serves a broken class file for. */
public class PlainBase {
    public static volatile boolean connectRan;
}
