package dev.sockit.api;

import dev.sockit.api.OptionKey.Level;
import dev.sockit.api.OptionKey.Role;
import dev.sockit.api.OptionKey.Support;
import dev.sockit.api.OptionKey.Type;

import java.net.SocketOption;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Builds the constants of {@link SocketOptionTable}: the one way to make an {@link OptionKey}. */
final class OptionKeyBuilder<T> {
    final String name;
    final Class<T> valueType;
    final Type type;
    long min;
    long max;
    ChronoUnit unit;
    Level level;
    String nativeName;
    int linuxNumber = -1;
    final Set<Role> roles = EnumSet.noneOf(Role.class);
    Support support = Support.ANY;
    boolean unixDomain;
    SocketOption<?> standardOption;
    String jdkName;
    String meaning;
    String kernelNote;

    OptionKeyBuilder(String name, Class<T> valueType, Type type) {
        this.name = name;
        this.valueType = valueType;
        this.type = type;
    }

    OptionKeyBuilder<T> range(long min, long max) {
        this.min = min;
        this.max = max;
        return this;
    }

    OptionKeyBuilder<T> range(long min, long max, ChronoUnit unit) {
        this.unit = unit;
        return range(min, max);
    }

    OptionKeyBuilder<T> socket(Level level, String nativeName, int linuxNumber) {
        this.level = level;
        this.nativeName = nativeName;
        this.linuxNumber = linuxNumber;
        return this;
    }

    OptionKeyBuilder<T> call(String function) {
        this.nativeName = function;
        return this;
    }

    OptionKeyBuilder<T> on(Role first, Role... more) {
        roles.add(first);
        roles.addAll(List.of(more));
        return this;
    }

    OptionKeyBuilder<T> support(Support support) {
        this.support = support;
        return this;
    }

    OptionKeyBuilder<T> unixDomain() {
        this.unixDomain = true;
        return this;
    }

    OptionKeyBuilder<T> standard(SocketOption<?> option) {
        this.standardOption = option;
        return this;
    }

    OptionKeyBuilder<T> jdk(String extendedName) {
        this.jdkName = extendedName;
        return this;
    }

    OptionKeyBuilder<T> meaning(String meaning) {
        this.meaning = meaning;
        return this;
    }

    OptionKeyBuilder<T> kernel(String note) {
        this.kernelNote = note;
        return this;
    }

    OptionKey<T> build() {
        return new OptionKey<>(this);
    }
}
