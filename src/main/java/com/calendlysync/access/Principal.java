package com.calendlysync.access;

import com.calendlysync.audit.Actor;

/**
 * Who is calling, as the access step found it; later steps read it from the exchange property
 * {@link AccessControl#PRINCIPAL} (and the flat properties AccessRole, AccessEmployeeId,
 * AccessTokenId for simple expressions in YAML).
 */
public record Principal(long tokenId, Role role, Long employeeId) {

    /** Employee tokens are limited to the meetings their employee hosts; nobody else is. */
    public boolean isScopedToEmployee() {
        return role == Role.EMPLOYEE;
    }

    /** The token as the audit trail names whoever acts with it. */
    public Actor actor() {
        return Actor.token(tokenId, role.id());
    }
}
