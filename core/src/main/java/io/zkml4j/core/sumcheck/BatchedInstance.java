package io.zkml4j.core.sumcheck;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.poly.Univariate;

import java.util.List;

/**
 * Several instances over possibly different numbers of variables as one instance
 * Σ_i a_i·h_i(x) on n = max n_i variables, where h_i(x) = f_i(x_0..x_{n_i−1}) ignores the higher
 * variables (see {@link Sumcheck}): instance i is active in the first n_i rounds, its sum counts
 * 2^{n−n_i} times, and its final point is the prefix of the common one. The coefficients are
 * given (drawn by the caller), so the combination can run inside any sumcheck, masked or not.
 */
public final class BatchedInstance implements SumcheckProverInstance {
    private final List<? extends SumcheckProverInstance> instances;
    private final Ext2[] coefficients;
    private final Ext2[] claims; // each instance's running claim
    private final Ext2[][] lastValues;
    private final int numVars;
    private int round;

    /** @param claims each instance's own claimed sum (over its own n_i variables) */
    public BatchedInstance(List<? extends SumcheckProverInstance> instances, Ext2[] coefficients, Ext2[] claims) {
        if (instances.isEmpty() || coefficients.length != instances.size() || claims.length != instances.size()) {
            throw new IllegalArgumentException("one coefficient and claim per instance, at least one instance");
        }
        this.instances = List.copyOf(instances);
        this.coefficients = coefficients.clone();
        this.claims = claims.clone();
        this.lastValues = new Ext2[instances.size()][];
        this.numVars = instances.stream().mapToInt(SumcheckProverInstance::numVars).max().orElseThrow();
    }

    /** Σ_i a_i·2^{n−n_i}·claim_i: the combined claim. */
    public static Ext2 combinedClaim(Ext2[] coefficients, Ext2[] claims, int[] numVars) {
        int n = java.util.Arrays.stream(numVars).max().orElse(0);
        Ext2 c = Ext2.ZERO;
        for (int i = 0; i < claims.length; i++) {
            c = c.add(claims[i].mul(coefficients[i]).mul(Sumcheck.powerOfTwo(n - numVars[i])));
        }
        return c;
    }

    /** Σ_i a_i·value_i: the combined final value from each instance's value at its prefix point. */
    public static Ext2 combinedFinal(Ext2[] coefficients, Ext2[] values) {
        Ext2 c = Ext2.ZERO;
        for (int i = 0; i < values.length; i++) {
            c = c.add(coefficients[i].mul(values[i]));
        }
        return c;
    }

    @Override
    public int numVars() {
        return numVars;
    }

    @Override
    public int degree() {
        int d = 1;
        for (SumcheckProverInstance inst : instances) {
            d = Math.max(d, inst.degree());
        }
        return d;
    }

    @Override
    public int degree(int r) {
        int d = 1;
        for (SumcheckProverInstance inst : instances) {
            if (r < inst.numVars()) { // beyond its variables an instance is constant
                d = Math.max(d, inst.degree(r));
            }
        }
        return d;
    }

    @Override
    public Ext2[] roundValues(Ext2 claim) {
        int d = degree(round);
        Ext2[] values = new Ext2[d + 1];
        java.util.Arrays.fill(values, Ext2.ZERO);
        for (int i = 0; i < instances.size(); i++) {
            SumcheckProverInstance inst = instances.get(i);
            if (round < inst.numVars()) {
                Ext2[] own = Univariate.extendTo(inst.roundValues(claims[i]), d);
                lastValues[i] = own;
                Ext2 w = coefficients[i].mul(Sumcheck.powerOfTwo(numVars - inst.numVars()));
                for (int x = 0; x <= d; x++) {
                    values[x] = values[x].add(own[x].mul(w));
                }
            } else {
                lastValues[i] = null;
                Ext2 c = claims[i].mul(coefficients[i]).mul(Sumcheck.powerOfTwo(numVars - 1 - round));
                for (int x = 0; x <= d; x++) {
                    values[x] = values[x].add(c);
                }
            }
        }
        return values;
    }

    @Override
    public void bind(Ext2 r) {
        for (int i = 0; i < instances.size(); i++) {
            if (lastValues[i] != null) {
                claims[i] = Univariate.evaluate(lastValues[i], r);
                instances.get(i).bind(r);
            }
        }
        round++;
    }

    /** After all rounds: each instance's final value (its own claim at its prefix point). */
    public Ext2[] finalClaims() {
        return claims.clone();
    }
}
