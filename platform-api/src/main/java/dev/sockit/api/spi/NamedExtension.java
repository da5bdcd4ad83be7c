package dev.sockit.api.spi;

import org.pf4j.ExtensionPoint;

/**
 * An extension a plugin contributes under a name that configs use: a process kind ({@code kind: tcp-server}), a
 * frame codec ({@code codec: {type: line}}), a frame handler ({@code chain: [{echo: {}}]}). Mark the implementation
 * with PF4J's {@code @Extension}. The runtime finds every extension of each such interface in the loaded plugins;
 * a name already taken for the same interface refuses the plugin that comes later, on one line.
 */
public interface NamedExtension extends ExtensionPoint {

    /** The name configs use; lower case, words joined by '-', no spaces or control characters. */
    String name();
}
