package dev.slipway.cli.client;

import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A deployment, {@code <agent>/<env>}: both lowercase DNS labels, e.g. {@code support-triage/prod}. */
public record DeploymentId(String agent, String env) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public static DeploymentId parse(String s) {
        String v = s == null ? "" : s.trim();
        int slash = v.indexOf('/');
        if (slash < 0 || slash != v.lastIndexOf('/')) {
            throw new IllegalArgumentException("'" + s + "' is not a deployment: expected <agent>/<env>, e.g. support-triage/prod");
        }
        String agent = v.substring(0, slash);
        String env = v.substring(slash + 1);
        if (!NAME.matcher(agent).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a deployment: '" + agent
                    + "' is not an agent name (lowercase letters, digits and '-')");
        }
        if (!NAME.matcher(env).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a deployment: '" + env
                    + "' is not an environment name (lowercase letters, digits and '-')");
        }
        return new DeploymentId(agent, env);
    }

    /** {@code /api/v1/deployments/{agent}/{env}}: both parts are URL-safe by construction. */
    public String apiPath() {
        return "/api/v1/deployments/" + agent + "/" + env;
    }

    @Override
    public String toString() {
        return agent + "/" + env;
    }

    /** picocli: a malformed deployment is a usage error naming the argument. */
    public static final class Converter implements ITypeConverter<DeploymentId> {
        @Override
        public DeploymentId convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
