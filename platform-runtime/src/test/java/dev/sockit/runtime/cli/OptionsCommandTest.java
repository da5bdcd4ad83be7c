package dev.sockit.runtime.cli;

import dev.sockit.api.SocketOptionTable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sockit options --help} names only options of the table, so that its examples run as shown. */
class OptionsCommandTest {

    private static final Pattern NAME_EQUALS = Pattern.compile("(?<![-\\w])([a-z][A-Za-z0-9]*)=");

    @Test
    void every_option_the_help_names_is_in_the_socket_option_table() {
        String help = new CommandLine(new OptionsCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> named = new ArrayList<>();
        Matcher m = NAME_EQUALS.matcher(help);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue(named.size() >= 5, "options named in the help: " + named + "\n" + help);
        for (String name : named) {
            assertTrue(SocketOptionTable.byName(name) != null, name + " is not an option of the table:\n" + help);
        }
    }
}
