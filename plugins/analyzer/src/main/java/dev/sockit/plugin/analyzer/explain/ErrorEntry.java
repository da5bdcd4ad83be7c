package dev.sockit.plugin.analyzer.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One error of the catalogue: an errno, a Winsock-only code, a getaddrinfo code or a Java/Netty exception text,
 * with its numbers per platform, its message texts, what it means, why it happens and what to run about it.
 *
 * @param name     the name it is known by: {@code ECONNRESET}, {@code WSASYSNOTREADY}, {@code EAI_NONAME},
 *                 or {@code java.net.ConnectException: Connection refused} for a Java entry
 * @param kind     which family of codes it belongs to
 * @param aliases  other names that find it ({@code EWOULDBLOCK}, {@code WSAECONNRESET})
 * @param numbers  its number on each platform that has it
 * @param messages its text per source ({@code posix}, {@code linux}, {@code macos}, {@code winsock},
 *                 {@code java}): what {@code strerror}, {@code gai_strerror}, {@code FormatMessage} or Java print
 * @param javaClass for a Java entry, the exception class ({@code java.net.ConnectException}), else {@code null}
 * @param javaText for a Java entry, the message text that picks it ({@code Connection refused}), or {@code null}
 *                 when the class alone does
 * @param errno    for a Java or getaddrinfo entry, the name of the errno entry it stands for, or {@code null}
 * @param calls    the calls that report it ({@code connect}, {@code recv}...)
 * @param meaning  what it means, a sentence or two
 * @param causes   typical causes, one sentence each
 * @param steps    troubleshooting steps by platform key ({@code any}, {@code linux}, {@code macos},
 *                 {@code windows}, {@code java}), commands quoted as they are typed
 * @param options  related socket options
 * @param sysctls  related sysctls and limits
 * @param related  names of related entries
 */
public record ErrorEntry(String name, Kind kind, List<String> aliases, Map<Platform, Integer> numbers,
                         Map<String, String> messages, String javaClass, String javaText, String errno,
                         List<String> calls, String meaning, List<String> causes, Map<String, List<String>> steps,
                         List<String> options, List<String> sysctls, List<String> related) {

    /** The families of codes in the catalogue. */
    public enum Kind {
        /** A POSIX {@code errno} value, numbered per platform, with its Winsock equivalent where there is one. */
        ERRNO,
        /** A Winsock code with no POSIX errno counterpart ({@code WSASYSNOTREADY}, {@code WSAEDISCON}). */
        WINSOCK,
        /** A {@code getaddrinfo} result ({@code EAI_*}). */
        GAI,
        /** A Java, Netty or Vert.x exception class and message. */
        JAVA;

        /** The lower-case JSON form. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the required parts and freezes the collections. */
    public ErrorEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        aliases = List.copyOf(aliases);
        EnumMap<Platform, Integer> n = new EnumMap<>(Platform.class);
        n.putAll(numbers);
        numbers = Collections.unmodifiableMap(n);
        messages = Collections.unmodifiableMap(new LinkedHashMap<>(messages));
        calls = List.copyOf(calls);
        meaning = meaning == null ? "" : meaning;
        causes = List.copyOf(causes);
        Map<String, List<String>> s = new LinkedHashMap<>();
        steps.forEach((k, v) -> s.put(k, List.copyOf(v)));
        steps = Collections.unmodifiableMap(s);
        options = List.copyOf(options);
        sysctls = List.copyOf(sysctls);
        related = List.copyOf(related);
    }

    /** The number on {@code platform}, or {@code null} when the platform has no such code. */
    public Integer number(Platform platform) {
        return numbers.get(platform);
    }

    /** The first message text: the POSIX {@code strerror} text, or the only text the entry has; or empty. */
    public String message() {
        return messages.isEmpty() ? "" : messages.values().iterator().next();
    }

    /** The Winsock name ({@code WSAECONNRESET}) of an errno or Winsock entry, or {@code null}. */
    public String winsockName() {
        if (name.startsWith("WSA")) {
            return name;
        }
        for (String a : aliases) {
            if (a.startsWith("WSA")) {
                return a;
            }
        }
        return null;
    }

    /**
     * The numbers as people read them: {@code Linux 104, macOS 54, FreeBSD 54, Windows CRT 108, Winsock 10054
     * (WSAECONNRESET)}; empty when the entry has none.
     */
    public String numbersText() {
        List<String> parts = new ArrayList<>();
        numbers.forEach((p, n) -> {
            String wsa = p == Platform.WINSOCK ? winsockName() : null;
            parts.add(p.label() + " " + n + (wsa != null && !wsa.equals(name) ? " (" + wsa + ")" : ""));
        });
        return String.join(", ", parts);
    }

    /** The entry as JSON-friendly maps, lists, strings and numbers, in a stable key order. */
    public Map<String, Object> toData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("kind", kind.json());
        if (!aliases.isEmpty()) {
            m.put("aliases", new ArrayList<>(aliases));
        }
        if (!numbers.isEmpty()) {
            Map<String, Object> n = new LinkedHashMap<>();
            numbers.forEach((p, v) -> n.put(p.key(), v));
            m.put("numbers", n);
        }
        if (!messages.isEmpty()) {
            m.put("messages", new LinkedHashMap<>(messages));
        }
        if (javaClass != null) {
            m.put("class", javaClass);
        }
        if (javaText != null) {
            m.put("text", javaText);
        }
        if (errno != null) {
            m.put("errno", errno);
        }
        putList(m, "calls", calls);
        m.put("meaning", meaning);
        putList(m, "causes", causes);
        if (!steps.isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>();
            steps.forEach((k, v) -> s.put(k, new ArrayList<>(v)));
            m.put("steps", s);
        }
        putList(m, "options", options);
        putList(m, "sysctls", sysctls);
        putList(m, "related", related);
        return m;
    }

    private static void putList(Map<String, Object> m, String key, List<String> list) {
        if (!list.isEmpty()) {
            m.put(key, new ArrayList<>(list));
        }
    }
}
