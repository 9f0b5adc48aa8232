package dev.parley.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; every option also reads {@code PARLEY_*} (see docs/CONFIGURATION.md). */
@Command(
        name = "parley",
        mixinStandardHelpOptions = true,
        version = "parley 0.1.0",
        description = "A self-hosted server for the Vonage Conversation API.",
        subcommands = {
            ServeCommand.class,
            AppCommand.class,
            WebhooksCommand.class,
            JwtCommand.class,
            SipDomainCommand.class,
            SipCredentialCommand.class,
            TrunkCommand.class,
            NumberCommand.class
        })
public final class ParleyCommand {

    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new ParleyCommand());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            if (e instanceof dev.parley.domain.DomainException domain) {
                for (var invalid : domain.invalidParameters()) {
                    cmd.getErr().println("  " + invalid.name() + ": " + invalid.reason());
                }
            }
            return 1;
        });
        return commandLine;
    }
}
