package io.slotway.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandPermissionsTest {

    private final CommandTable table = CommandTable.standard();

    private boolean allows(String rules, String command) {
        return CommandPermissions.parse(rules, table).allows(table.lookup(command));
    }

    @Test
    void categoriesApplyLeftToRight() {
        assertThat(allows("+@read -@dangerous", "get")).isTrue();
        assertThat(allows("+@read -@dangerous", "set")).isFalse();
        assertThat(allows("+@read -@dangerous", "keys")).as("@read and @dangerous").isFalse();
        assertThat(allows("-@dangerous +@read", "keys")).as("the later rule wins").isTrue();
    }

    @Test
    void aContainerRuleCoversItsSubcommandsAndASubcommandRuleOnlyItself() {
        assertThat(allows("nocommands +config", "config|get")).isTrue();
        assertThat(allows("allcommands -config|set", "config|set")).isFalse();
        assertThat(allows("allcommands -config|set", "config|get")).isTrue();
        assertThat(allows("+@all -@all", "ping")).isFalse();
    }

    @Test
    void unknownRulesCommandsAndCategoriesAreRefusedByName() {
        assertThatThrownBy(() -> CommandPermissions.parse("+@read ~keys", table))
                .hasMessageContaining("'~keys'");
        assertThatThrownBy(() -> CommandPermissions.parse("+gett", table)).hasMessageContaining("unknown command gett");
        assertThatThrownBy(() -> CommandPermissions.parse("+@reed", table))
                .hasMessageContaining("unknown category @reed");
    }
}
