package dev.warden.policy.decide;

import java.util.List;
import java.util.Set;

/**
 * The environment variables that make a child run code it was not asked to run, kept in this one
 * place (documented in {@code docs/processes.md}): the dynamic loader's, shell start-up's, language
 * runtimes' options and library paths, the config of tools that run commands (git, ssh, pagers and
 * editors), and the variables that point a child at another configuration or another program
 * ({@code HOME}, {@code XDG_CONFIG_HOME}, {@code PATH}). An app that sets or changes one for a child
 * needs the process rule to list it in {@code env:}.
 */
public final class InjectingVariables {

    private static final Set<String> NAMES = Set.of(
            // shells
            "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "IFS", "ZDOTDIR", "CDPATH",
            // dynamic loader and C library
            "GCONV_PATH", "LOCPATH", "HOSTALIASES", "RESOLV_HOST_CONF",
            // language runtimes
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH",
            "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PYTHONWARNINGS", "PYTHONINSPECT", "PYTHONUSERBASE",
            "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "RUBYOPT", "RUBYLIB", "NODE_OPTIONS", "NODE_PATH",
            "LUA_INIT", "LUA_PATH", "LUA_CPATH", "PHPRC", "PHP_INI_SCAN_DIR", "TCLLIBPATH", "R_PROFILE", "R_PROFILE_USER",
            // tools that run commands or load code from configuration
            "SSH_ASKPASS", "SUDO_ASKPASS", "EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "LESSOPEN", "LESSCLOSE",
            "OPENSSL_CONF", "OPENSSL_ENGINES", "WGETRC", "CURL_HOME",
            // where a child finds its configuration and its programs
            "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "PATH");

    /** Families by prefix: {@code LD_*} (glibc's loader), {@code DYLD_*}, exported bash functions, git, npm. */
    private static final List<String> PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_", "GIT_", "NPM_CONFIG_", "npm_config_");

    private InjectingVariables() {
    }

    public static boolean isInjecting(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
