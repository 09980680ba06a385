package dev.warden.instrumentation.jdk.process;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * The app's view of the process environment ({@code EnvironmentBridge}, the policy's {@code credentials:} with
 * {@code value: env:NAME}): {@code System.getenv(name)}, {@code System.getenv()} and the copy
 * {@code ProcessBuilder.environment()} (and so every child process the app starts) begins with all come from
 * {@code java.lang.ProcessEnvironment}, loaded before {@code premain}.
 */
public final class EnvironmentEntryPoints implements EntryPointCatalogue {

    private static final String ENVIRONMENT = "dev.warden.bootstrap.EnvironmentBridge";
    private static final String TYPE = "java.lang.ProcessEnvironment";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                at(TYPE, "getenv(java.lang.String)").arguments(0).access("environment variable read", "returns null")
                        .skipIf(ENVIRONMENT, "hides"),
                at(TYPE, "getenv()").access("environment read", "leaves the variable out").substitute(ENVIRONMENT, "appEnvironment"),
                at(TYPE, "environment()").access("child process environment", "leaves the variable out")
                        .substitute(ENVIRONMENT, "childEnvironment"));
    }
}
