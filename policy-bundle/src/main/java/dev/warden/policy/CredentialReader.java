package dev.warden.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code credentials:} list. Not a {@link PolicySection}: a credential decides no access of its own (a
 * request carrying it is an egress request, decided by the egress rules), it does not narrow in segments and there is
 * nothing to learn; it is configuration of what the HTTP pipeline writes into allowed requests.
 */
final class CredentialReader {

    private static final List<String> KEYS = List.of("name", "value", "to");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    private final YamlReader yaml;

    CredentialReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    List<Credential> read(Node node) throws PolicyException {
        List<Credential> credentials = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node entryNode : yaml.sequence(node, "'credentials'")) {
            YamlMapping entry = yaml.mapping(entryNode, "a 'credentials' entry", KEYS);
            String name = entry.requiredString("name");
            if (!NAME.matcher(name).matches()) {
                throw yaml.error(entry.value("name"), "credential name '" + name
                        + "' must be 1 to 64 lower-case letters, digits or '_' (its placeholder is wdn_cred_NAME)");
            }
            if (!names.add(name)) {
                throw yaml.error(entry.value("name"), "duplicate credential name '" + name + "'");
            }
            Credential.Source source = source(entry.required("value"), name);
            Node toNode = entry.value("to");
            if (toNode == null) {
                throw yaml.error(entryNode, "credential '" + name + "' is missing 'to' (the destinations that get its value)");
            }
            String to = yaml.string(toNode, "'to'");
            EgressTarget target;
            try {
                target = EgressTargetParser.parse(to);
            } catch (IllegalArgumentException e) {
                throw yaml.error(toNode, "invalid 'to' '" + to + "' of credential '" + name + "': " + e.getMessage());
            }
            credentials.add(new Credential(name, source, to, target, entry.line()));
        }
        return credentials;
    }

    private Credential.Source source(Node node, String name) throws PolicyException {
        String text = yaml.string(node, "'value'");
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        String reference = colon < 0 ? "" : text.substring(colon + 1);
        for (Credential.Scheme known : Credential.Scheme.values()) {
            if (known.name().toLowerCase(Locale.ROOT).equals(scheme)) {
                if (reference.isBlank()) {
                    throw yaml.error(node, "credential '" + name + "': '" + scheme + ":' needs a name after the colon");
                }
                return new Credential.Source(known, reference);
            }
        }
        throw yaml.error(node, "credential '" + name + "': value '" + text
                + "' must be env:NAME, file:PATH or keys:NAME (the secret itself never goes into the policy)");
    }
}
