package io.ssogate.scim.store;

/** A member of a group, or a group of a user: the other side's id and the name it is shown by. */
public record MemberRef(String id, String display) {
}
