package io.zkml4j.proof.relation;

import io.zkml4j.core.field.Ext2;

import java.util.HashMap;
import java.util.Map;

/** The challenges relations depend on: α and β per table, and a random point per relation. */
public final class Challenges {
    private final Ext2[] alphas;
    private final Ext2[] betas;
    private final Map<String, Ext2[]> points = new HashMap<>();

    public Challenges(Ext2[] alphas, Ext2[] betas) {
        this.alphas = alphas.clone();
        this.betas = betas.clone();
    }

    public Ext2 alpha(int table) {
        return alphas[table];
    }

    public Ext2 beta(int table) {
        return betas[table];
    }

    public void putPoint(String label, Ext2[] point) {
        if (points.put(label, point.clone()) != null) {
            throw new IllegalStateException("point '" + label + "' drawn twice");
        }
    }

    public Ext2[] point(String label) {
        Ext2[] p = points.get(label);
        if (p == null) {
            throw new IllegalStateException("point '" + label + "' was not drawn");
        }
        return p.clone();
    }
}
