package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a product sum's terms accumulate in a round's inner loop: the products of terms with
 * coefficient ±1 (most of them) are added or subtracted into slot 0, so that slot is weighted (by
 * eq) once per point; every other term has a slot of its own. Coefficients are applied once, when
 * the slots are combined.
 */
final class TermSlots {
    private final int[] sign;
    private final int[] slot;
    private final Ext2[] coefficients;

    TermSlots(List<ProductSumInstance.Term> terms) {
        sign = new int[terms.size()];
        slot = new int[terms.size()];
        List<Ext2> c = new ArrayList<>(List.of(Ext2.ONE));
        for (int t = 0; t < terms.size(); t++) {
            Ext2 coefficient = terms.get(t).coefficient();
            sign[t] = coefficient.equals(Ext2.ONE) ? 1 : coefficient.equals(Ext2.ONE.neg()) ? -1 : 0;
            if (sign[t] == 0) {
                slot[t] = c.size();
                c.add(coefficient);
            }
        }
        coefficients = c.toArray(new Ext2[0]);
    }

    /** Slots, the shared one included. */
    int count() {
        return coefficients.length;
    }

    /** 1 or −1 for a term summed into slot 0, 0 for a term with a slot of its own. */
    int sign(int term) {
        return sign[term];
    }

    /** The slot of a term whose sign is 0. */
    int slot(int term) {
        return slot[term];
    }

    /** Σ_slot coefficient·acc(slot, x) for interleaved accumulators laid out slot by slot, {@code points} each. */
    Ext2 combine(long[] acc, int points, int x) {
        Ext2 v = Ext2.ZERO;
        for (int k = 0; k < coefficients.length; k++) {
            int o = 2 * (k * points + x);
            v = v.add(coefficients[k].mul(Ext2.of(acc[o], acc[o + 1])));
        }
        return v;
    }
}
