package dev.parley.store.jdbi;

import dev.parley.domain.ResourceId;
import java.lang.reflect.Type;
import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;

/** Binds a typed id as its text, so statements take {@code ConversationId} ... as they are. */
final class IdArguments implements ArgumentFactory {
    @Override
    public Optional<Argument> build(Type type, Object value, ConfigRegistry config) {
        if (value instanceof ResourceId id) {
            String text = id.value();
            return Optional.of((position, statement, context) -> statement.setString(position, text));
        }
        return Optional.empty();
    }
}
