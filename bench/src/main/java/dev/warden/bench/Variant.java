package dev.warden.bench;

import java.util.List;

/** One way of launching the hello-world JVM: a label and the JVM options that make the difference. */
record Variant(String name, List<String> jvmOptions) {
}
