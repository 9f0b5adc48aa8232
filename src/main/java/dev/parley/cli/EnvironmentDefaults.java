package dev.parley.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values for every option: the environment variable {@code PARLEY_<OPTION>} (e.g.
 * {@code --db-url} is {@code PARLEY_DB_URL}), else the same key in the properties file named by
 * {@code PARLEY_CONFIG} (e.g. {@code db-url=...}). A flag on the command line wins over both.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
        this.file = load(env.get("PARLEY_CONFIG"));
    }

    static String variable(String longName) {
        return "PARLEY_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return arg.defaultValue();
        }
        String name = option.longestName();
        String fromEnv = env.get(variable(name));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name.replaceFirst("^--", ""));
        return fromFile != null ? fromFile : option.defaultValue();
    }

    private static Properties load(String path) {
        Properties properties = new Properties();
        if (path == null || path.isBlank()) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(Path.of(path))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read PARLEY_CONFIG file " + path + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
