package dev.parley;

import dev.parley.cli.ParleyCommand;

/** Entry point of the one jar: {@code parley serve | app | jwt}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exit = ParleyCommand.commandLine(System.getenv()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
