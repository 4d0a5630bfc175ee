package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.pcs.LinearClaim;

import java.util.ArrayList;
import java.util.List;

/**
 * A claim of sections proven together whose terms name several members' vectors:
 * {@code perMember.get(i)} are member i's terms (a protocol that numbers each member's commitments
 * apart renumbers each list as that member's), and their sum equals {@code value}.
 */
public record SharedClaim(List<List<LinearClaim.Term>> perMember, Ext2 value) {
    public SharedClaim {
        perMember = perMember.stream().map(List::copyOf).toList();
    }

    /** The claim of a section proven alone (every term is its own). */
    public LinearClaim alone() {
        List<LinearClaim.Term> terms = new ArrayList<>();
        perMember.forEach(terms::addAll);
        return new LinearClaim(terms, value);
    }
}
