package dev.warden.instrumentation.api;

/** Turns the catalogue's readable method signatures ({@code open(java.lang.String, boolean)}) into JVM descriptors. */
final class JavaSignatures {

    private JavaSignatures() {
    }

    static String parameterDescriptor(String method) {
        int open = method.indexOf('(');
        if (open <= 0 || !method.endsWith(")")) {
            throw new IllegalArgumentException("not a method signature: " + method);
        }
        String parameters = method.substring(open + 1, method.length() - 1).trim();
        StringBuilder descriptor = new StringBuilder("(");
        if (!parameters.isEmpty()) {
            for (String parameter : parameters.split(",")) {
                descriptor.append(typeDescriptor(parameter.trim()));
            }
        }
        return descriptor.append(')').toString();
    }

    private static String typeDescriptor(String type) {
        if (type.endsWith("[]")) {
            return "[" + typeDescriptor(type.substring(0, type.length() - 2));
        }
        switch (type) {
            case "boolean": return "Z";
            case "byte": return "B";
            case "char": return "C";
            case "short": return "S";
            case "int": return "I";
            case "long": return "J";
            case "float": return "F";
            case "double": return "D";
            default:
                if (!type.contains(".")) {
                    throw new IllegalArgumentException("use the binary name of " + type);
                }
                return "L" + type.replace('.', '/') + ";";
        }
    }
}
