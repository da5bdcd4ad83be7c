package dev.sockit.plugin.analyzer.explain;

import java.util.Locale;

/** A numbering of errors: the same error has different numbers on Linux, the BSDs and Windows. */
public enum Platform {
    /** Linux errno (x86_64, arm64 and the other asm-generic architectures), glibc for {@code EAI_*}. */
    LINUX("linux", "Linux"),
    /** macOS (Darwin) errno and {@code EAI_*}. */
    MACOS("macos", "macOS"),
    /** FreeBSD errno and {@code EAI_*}. */
    FREEBSD("freebsd", "FreeBSD"),
    /** The Windows C runtime's {@code errno} (MSVC and MinGW {@code errno.h}). */
    WINDOWS("windows", "Windows CRT"),
    /** Winsock ({@code WSAGetLastError()}), which Windows socket calls report instead of {@code errno}. */
    WINSOCK("winsock", "Winsock");

    private final String key;
    private final String label;

    Platform(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key used in the catalogue file and in JSON: {@code linux}, {@code macos}... */
    public String key() {
        return key;
    }

    /** The name people read: {@code Linux}, {@code macOS}, {@code Windows CRT}... */
    public String label() {
        return label;
    }

    /**
     * The platform a lookup prefix names ({@code linux}, {@code glibc}, {@code macos}, {@code darwin},
     * {@code osx}, {@code freebsd}, {@code bsd}, {@code windows}, {@code win}, {@code winsock}, {@code crt}),
     * case-insensitive, or {@code null}. {@code windows} answers {@link #WINDOWS}; the lookup moves numbers of
     * 10000 and up to {@link #WINSOCK}.
     */
    public static Platform ofPrefix(String prefix) {
        switch (prefix.trim().toLowerCase(Locale.ROOT)) {
            case "linux": case "glibc": case "gnu": return LINUX;
            case "macos": case "mac": case "darwin": case "osx": case "apple": return MACOS;
            case "freebsd": case "bsd": return FREEBSD;
            case "windows": case "win": case "win32": case "crt": case "msvc": return WINDOWS;
            case "winsock": case "wsa": return WINSOCK;
            default: return null;
        }
    }

    /** The platform of catalogue key {@code key}, or {@code null}. */
    static Platform ofKey(String key) {
        for (Platform p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }
}
