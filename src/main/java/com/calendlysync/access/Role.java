package com.calendlysync.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a token may do. admin: everything (tokens, replay, settings); manager: all meetings,
 * reports, exports, import; employee: only the meetings one employee hosts; auditor: reads
 * everything, changes nothing.
 */
public enum Role {
    ADMIN, MANAGER, EMPLOYEE, AUDITOR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by text, or null when the text names none. */
    public static Role find(String text) {
        if (text == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        return null;
    }

    /** A route's comma list of allowed roles; a typo there is a start-up-visible bug, so it throws. */
    public static Set<Role> parseList(String list) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Role role = find(part);
            if (role == null) {
                throw new IllegalArgumentException("unknown role '" + part.trim() + "' in access list '" + list
                        + "'; roles are " + names());
            }
            roles.add(role);
        }
        return roles;
    }

    public static String names() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
