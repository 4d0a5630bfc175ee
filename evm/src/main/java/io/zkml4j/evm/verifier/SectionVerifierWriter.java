package io.zkml4j.evm.verifier;

import io.zkml4j.core.field.Ext2;
import io.zkml4j.core.field.Goldilocks;
import io.zkml4j.proof.circuit.Circuit;
import io.zkml4j.proof.circuit.ContractionPlan;
import io.zkml4j.proof.circuit.Decomposition;
import io.zkml4j.proof.circuit.LinearTerm;
import io.zkml4j.proof.circuit.SparseMap;
import io.zkml4j.proof.circuit.TablePlan;
import io.zkml4j.proof.circuit.TensorPlan;
import io.zkml4j.proof.circuit.VectorRef;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.proof.circuit.LayerPlan;
import io.zkml4j.proof.relation.ContractionRelation;
import io.zkml4j.proof.relation.ConvRelation;
import io.zkml4j.proof.relation.EqProductRelation;
import io.zkml4j.proof.relation.GatherRelation;
import io.zkml4j.proof.relation.LinearCheck;
import io.zkml4j.proof.relation.ProductZeroRelation;
import io.zkml4j.proof.relation.Relation;
import io.zkml4j.proof.relation.Relations;
import io.zkml4j.proof.relation.Target;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Solidity twin of an inference proof's first part for one circuit (Java
 * {@code InferenceProtocol.sectionClaims}): the statement bound to the transcript, the witness and
 * inverse roots, the lookup challenges, every relation's point, the zero-knowledge sumcheck with a
 * hidden claim, the revealed values, the lookups' fraction trees, and every commitment claim in
 * the Java verifier's order. The library it writes has one function,
 * {@code verify(v, proof, modelDigest, input, output) returns (v, claims, witnessRoot, inversesRoot)}, with the circuit's
 * shapes written into its code; its claims must equal the Java verifier's ({@link ClaimDigest}). A
 * circuit of many relations and checks is written over several libraries, the first calling the
 * others ({@link #sources}).
 *
 * <p>Relations and checks it does not write yet are refused by name
 * ({@link UnsupportedOperationException}): a verifier that skipped one would accept what Java rejects.
 */
public final class SectionVerifierWriter {
    /** The kit files a written section imports. */
    public static final List<String> IMPORTS = List.of("Goldilocks", "FiatShamir", "Sumcheck", "Claims", "ClaimWords", "CircuitChecks", "Points", "Words",
            "LookupTrees");

    /**
     * Bytes of gathers' sparse maps a section writes into its code at most: the rest of a section
     * takes 16 KB or more of a contract's 24,576 bytes.
     */
    static final int MAX_MAP_BYTES = 4096;

    private final Circuit circuit;
    private final List<Relation> relations;
    private final List<LinearCheck> checks;
    /** Each convolution's words for CircuitChecks.im2colWeights, checked against its map before anything is written. */
    private final Map<ConvRelation, long[]> im2colGeometries = new java.util.HashMap<>();
    private SolidityCode code = new SolidityCode(); // the library being written
    private final int n;

    private SectionVerifierWriter(Circuit circuit) {
        this.circuit = circuit;
        this.relations = Relations.of(circuit);
        this.checks = Relations.linearChecks(circuit);
        this.n = circuit.libraDegrees().length;
    }

    /**
     * Relation and check blocks one library of a section holds at most: a library's code is at most
     * 24,576 bytes, and a section of six relations and four checks (with 4 KB of maps) compiled to
     * about 24 KB. A section with more is written over several libraries ({@link #sources}).
     */
    public static final int UNITS_PER_PART = 8;

    /** A library {@code name} verifying this circuit's section, for a circuit whose section fits in one ({@link #sources} otherwise). */
    public static String library(String name, Circuit circuit) {
        Map<String, String> sources = sources(name, circuit);
        if (sources.size() != 1) {
            throw new IllegalStateException(name + ": this circuit's section takes " + sources.size() + " libraries; write its sources");
        }
        return sources.get(name + ".sol");
    }

    /**
     * The section's libraries (file name → source): {@code name}, whose {@code verify} the contract
     * calls, and, when the circuit has more than {@link #UNITS_PER_PART} relation and check blocks,
     * {@code name}Part1, Part2, … that it calls in turn for them, {@link #UNITS_PER_PART} each (the
     * first library then keeps the sumcheck, the lookups and the last claims).
     */
    public static Map<String, String> sources(String name, Circuit circuit) {
        return sources(name, circuit, UNITS_PER_PART);
    }

    /** The same with at most {@code unitsPerPart} relation and check blocks in each library (tests split small circuits). */
    public static Map<String, String> sources(String name, Circuit circuit, int unitsPerPart) {
        if (unitsPerPart < 1) {
            throw new IllegalArgumentException("a library holds at least one block");
        }
        return new SectionVerifierWriter(circuit).write(name, unitsPerPart);
    }

    private Map<String, String> write(String name, int unitsPerPart) {
        refuseUnsupported();
        List<Runnable> units = units();
        List<List<Runnable>> parts = new ArrayList<>();
        if (units.size() > unitsPerPart) {
            parts.add(List.of()); // the first library holds the head, the calls and the tail: all the blocks go to later ones
        }
        for (int from = 0; from < units.size(); from += unitsPerPart) {
            parts.add(units.subList(from, Math.min(units.size(), from + unitsPerPart)));
        }
        Map<String, String> out = new LinkedHashMap<>();
        code = new SolidityCode();
        writeMain(name, parts);
        out.put(name + ".sol", code.toString());
        for (int k = 1; k < parts.size(); k++) {
            code = new SolidityCode();
            writePart(name + "Part" + k, parts.get(k));
            out.put(name + "Part" + k + ".sol", code.toString());
        }
        return out;
    }

    private void preamble(List<String> more) {
        code.line("// SPDX-License-Identifier: Apache-2.0");
        code.line("// Generated by zkml4j (io.zkml4j.evm.verifier.SectionVerifierWriter) from a verifying key; do not edit.");
        code.line("pragma solidity ^0.8.30;");
        code.line("");
        for (String kit : IMPORTS) {
            code.line("import {%s} from \"./%s.sol\";", kit, kit);
        }
        for (String library : more) {
            code.line("import {%s} from \"./%s.sol\";", library, library);
        }
        code.line("");
    }

    private void writeMain(String name, List<List<Runnable>> parts) {
        List<String> partNames = new ArrayList<>();
        for (int k = 1; k < parts.size(); k++) {
            partNames.add(name + "Part" + k);
        }
        preamble(partNames);
        code.open("library %s {", name);
        code.line("using Goldilocks for uint256;");
        code.line("");
        code.line("/// Public: it runs in this library's own deployed code, and returns the transcript advanced with the claims");
        code.line("/// (as ClaimWords: a flat array crosses the call for a fraction of the gas of Claims' nested structs).");
        code.open("function verify(FiatShamir.Verifier memory v, bytes calldata proof, bytes memory modelDigest, uint256[] memory input,");
        code.line("                uint256[] memory output) public view returns (FiatShamir.Verifier memory, uint256[] memory, bytes32 witnessRoot,");
        code.line("                bytes32 inversesRoot) {");
        code.line("Claims.List memory claims = Claims.create(64);");
        statement();
        commitmentsAndPoints();
        sumcheckHead();
        if (!parts.isEmpty()) {
            parts.get(0).forEach(Runnable::run);
        }
        for (String part : partNames) {
            code.open("{ // the next relations and checks, in a library of their own (a library's code is bounded)");
            // A part starts from no claims and returns its own, appended here: handing it every claim so far, and taking them
            // all back, packed and copied the growing list (a convolution's carries a sample's weights) at every crossing.
            code.line("CircuitChecks.SectionState memory st = CircuitChecks.SectionState(pts, coefficients, run, revealedAt, new uint256[](1),");
            code.line("        CircuitChecks.packTerms(hidden), h, atPoint, hiddenValue, ClaimWords.pack(CircuitChecks.listOf(lookupsOwn)));");
            // The parts read only the revealed values, early in the proof: handed the proof up to their end, not its hundreds
            // of kilobytes, which every call would copy into this frame's memory (whose gas grows with its square).
            code.line("st = %s.verify(proof[:revealedAt + %d], input, output, st);", part, 16 * revealedCount());
            code.line("Claims.append(claims, ClaimWords.unpack(st.claims));");
            code.line("hidden = CircuitChecks.unpackTerms(st.hidden);");
            code.line("(h, atPoint, hiddenValue) = (st.h, st.atPoint, st.hiddenValue);");
            code.close();
        }
        sumcheckTail();
        code.line("return (v, ClaimWords.pack(claims), witnessRoot, inversesRoot);");
        code.close();
        code.close();
    }

    /** A later part: the state the section reached, its relations and checks, the state after them. */
    private void writePart(String name, List<Runnable> units) {
        preamble(List.of());
        code.open("library %s {", name);
        code.line("using Goldilocks for uint256;");
        code.line("");
        code.open("function verify(bytes calldata proof, uint256[] memory input, uint256[] memory output, CircuitChecks.SectionState memory st)");
        code.line("        public view returns (CircuitChecks.SectionState memory) {");
        code.line("uint256[][] memory pts = st.pts;");
        code.line("uint256[] memory coefficients = st.coefficients;");
        code.line("CircuitChecks.HiddenRun memory run = st.run;");
        code.line("uint256 revealedAt = st.revealedAt;");
        code.line("Claims.List memory claims = ClaimWords.unpack(st.claims);");
        code.line("Claims.Term[] memory hidden = CircuitChecks.unpackTerms(st.hidden);");
        code.line("Claims.Claim[] memory lookupsOwn = Claims.toArray(ClaimWords.unpack(st.lookupsOwn));");
        code.line("(uint256 h, uint256 atPoint, uint256 hiddenValue) = (st.h, st.atPoint, st.hiddenValue);");
        units.forEach(Runnable::run);
        code.line("st.claims = ClaimWords.pack(claims);");
        code.line("st.hidden = CircuitChecks.packTerms(hidden);");
        code.line("(st.h, st.atPoint, st.hiddenValue) = (h, atPoint, hiddenValue);");
        code.line("return st;");
        code.close();
        code.close();
    }

    private void refuseUnsupported() {
        long mapBytes = 0;
        for (Relation r : relations) {
            if (!(r instanceof ContractionRelation) && !(r instanceof EqProductRelation) && !(r instanceof GatherRelation)
                    && !(r instanceof ProductZeroRelation) && !(r instanceof ConvRelation)) {
                throw new UnsupportedOperationException("the EVM verifier does not check " + r.getClass().getSimpleName() + " ('" + r.label()
                        + "') yet");
            }
            if (r instanceof ConvRelation c) {
                im2colGeometries.put(c, im2colGeometry(c.plan())); // refuses what the contract's im2col loops would not generate
            }
            if (r instanceof GatherRelation g) {
                mapBytes += mapBytes(g.map()).length() / 2;
                if (Arrays.stream(g.map().constants()).anyMatch(c -> Goldilocks.canonical(c) != 0)) {
                    mapBytes += constantsBytes(g.map().constants()).length() / 2;
                }
            }
        }
        if (mapBytes > MAX_MAP_BYTES) {
            throw new UnsupportedOperationException("the EVM verifier writes gathers' sparse maps and constants into its code: this circuit's take " + mapBytes
                    + " bytes, more than the " + MAX_MAP_BYTES + " that leave room for the rest within one contract");
        }
        for (LinearCheck l : checks) {
            if (!(l instanceof LinearCheck.Limbs)) {
                throw new UnsupportedOperationException("the EVM verifier does not check " + l.getClass().getSimpleName() + " ('" + l.label()
                        + "') yet");
            }
        }
        if (relations.isEmpty()) {
            throw new UnsupportedOperationException("the EVM verifier does not check a circuit of lookups alone yet");
        }
        if (circuit.input().isPublic() && circuit.output().isPublic() && circuit.input().publicRoot().equals(circuit.output().publicRoot())) {
            // Java's statement requires the two values to agree (InferenceProtocol.putRoot); the contract places each apart.
            throw new UnsupportedOperationException("the EVM verifier does not check a model whose output is its input under another name yet");
        }
        if (!circuit.constraints().sums().isEmpty()) {
            throw new UnsupportedOperationException("the EVM verifier does not check a statement's public sums yet");
        }
        for (VectorRef chunk : circuit.libraMasks()) {
            if (chunk.commitment() != VectorRef.WITNESS) {
                throw new IllegalStateException("the sumcheck mask is expected in the witness commitment");
            }
        }
    }

    /** InferenceProtocol.bindStatement for public (or private) inputs and public outputs. */
    private void statement() {
        code.line("FiatShamir.absorbPublicBytes(v, \"statement.model\", modelDigest);");
        code.line("FiatShamir.absorbPublicField(v, \"statement.batch\", %s);",
                SolidityCode.words(circuit.batch(), circuit.options().privateInput() ? 1 : 0, 0, 0));
        if (circuit.input().isPublic()) {
            code.line("FiatShamir.absorbPublicField(v, \"statement.input\", input);");
        }
        if (circuit.output().isPublic()) {
            code.line("FiatShamir.absorbPublicField(v, \"statement.output\", output);");
        }
    }

    /** CircuitSection.verify up to the sumcheck: roots, lookup challenges, points, batching coefficients. */
    private void commitmentsAndPoints() {
        code.line("witnessRoot = FiatShamir.receiveDigest(v, proof, \"witness.root\");");
        int tables = circuit.tables().size();
        code.line("uint256[] memory alphas = new uint256[](%d);", tables);
        code.line("uint256[] memory betas = new uint256[](%d);", tables);
        for (int t = 0; t < tables; t++) {
            TablePlan table = circuit.tables().get(t);
            code.line("alphas[%d] = FiatShamir.challengeExt(v, \"lookup.alpha.%d\");", t, t);
            if (table.table().columns() > 1) {
                code.line("betas[%d] = FiatShamir.challengeExt(v, \"lookup.beta.%d\");", t, t);
            }
        }
        code.line("inversesRoot = FiatShamir.receiveDigest(v, proof, \"inverses.root\");");
        code.line("uint256[][] memory pts = new uint256[][](%d);", relations.size() + checks.size());
        for (int k = 0; k < relations.size(); k++) {
            Relation r = relations.get(k);
            // Each relation's drawPoints: its label's suffix and the point's length.
            String suffix = switch (r) {
                case ContractionRelation c -> ".rho";
                case ConvRelation c -> ".rho";
                case ProductZeroRelation z -> ".tau";
                default -> ".u";
            };
            int vars = switch (r) {
                case ContractionRelation c -> c.plan().targetVars();
                case ConvRelation c -> c.plan().requant().output().numVars();
                case GatherRelation g -> g.target().numVars();
                default -> r.numVars();
            };
            code.line("pts[%d] = Points.draw(v, %s, %d);", k, SolidityCode.label(r.label() + suffix), vars);
        }
        for (int l = 0; l < checks.size(); l++) {
            code.line("pts[%d] = Points.draw(v, %s, %d);", relations.size() + l, SolidityCode.label(checks.get(l).label() + ".u"),
                    checks.get(l).numVars());
        }
        code.line("uint256[] memory coefficients = Points.draw(v, \"batch\", %d);", relations.size());
    }

    /** The sumcheck, the revealed values and the lookups, up to the relations' claims. */
    private void sumcheckHead() {
        long[] degrees = Arrays.stream(circuit.libraDegrees()).asLongStream().toArray();
        code.line("CircuitChecks.HiddenRun memory run = CircuitChecks.verifyHiddenClaim(v, proof, %s, \"relations\");",
                SolidityCode.words(degrees));
        code.line("uint256 revealedAt = FiatShamir.receiveExt(v, proof, \"revealed\", %d);", revealedCount());
        code.line("Claims.Claim[] memory lookupsOwn;");
        code.line("Claims.Claim[] memory lookupsShared;");
        code.open("{");
        code.line("FiatShamir.Verifier memory after_;");
        code.line("(after_, lookupsOwn, lookupsShared) = LookupTrees.verifyFromPlan(v, proof, hex\"%s\", alphas, betas,"
                + " \"relations.logup\");", HexFormat.of().formatHex(LookupTreesPlan.bytes(circuit, false)));
        code.line("(v.state, v.position) = (after_.state, after_.position);");
        code.close();
        int hiddenTerms = 0;
        for (Relation r : relations) {
            hiddenTerms += hiddenTermCount(r);
        }
        code.line("Claims.Term[] memory hidden = new Claims.Term[](%d);", hiddenTerms + circuit.libraMasks().size());
        code.line("uint256 h = 0;");
        code.line("uint256 atPoint = 0;");
        code.line("uint256 hiddenValue = run.maskedSum;");
    }

    /**
     * Every claim in CircuitSection's order, as blocks a library can be split between: each
     * relation's, the lookups' own claims, each check's.
     */
    private List<Runnable> units() {
        List<Runnable> units = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < relations.size(); k++) {
            int index = k, revealedFrom = at;
            units.add(() -> relation(index, revealedFrom));
            at += relations.get(k).revealedCount();
        }
        units.add(() -> code.line("Claims.appendAll(claims, lookupsOwn);"));
        for (int l = 0; l < checks.size(); l++) {
            int index = l;
            units.add(() -> limbs((LinearCheck.Limbs) checks.get(index), relations.size() + index));
        }
        return units;
    }

    /** Relation k's block: its final value into atPoint, its revealed claims, its hidden terms and constant. */
    private void relation(int k, int at) {
        Relation r = relations.get(k);
        code.open("{ // %s", SolidityCode.comment(r.label()));
        code.line("uint256[] memory p = Sumcheck.prefix(run.point, %d);", r.numVars());
        code.line("uint256[] memory u = pts[%d];", k);
        code.line("uint256 scale = coefficients[%d].emulBase(%s);", k, Long.toUnsignedString(Goldilocks.pow(2, n - r.numVars())));
        code.line("uint256 constant_ = 0;");
        switch (r) {
            case ContractionRelation c -> contraction(c, k, at);
            case EqProductRelation e -> eqProduct(e, k, at);
            case GatherRelation g -> gather(g, k, at);
            case ProductZeroRelation z -> productZero(z, k, at);
            case ConvRelation c -> conv(c, k, at);
            default -> throw new IllegalStateException("refused above");
        }
        code.line("hiddenValue = hiddenValue.esub(constant_.emul(scale));");
        code.close();
    }

    /** The relations' revealed values, one record. */
    private int revealedCount() {
        return relations.stream().mapToInt(Relation::revealedCount).sum();
    }

    /** The mask chunks' terms, the hidden claim, the mask's claim and the lookups' shared claims. */
    private void sumcheckTail() {
        long[] degrees = Arrays.stream(circuit.libraDegrees()).asLongStream().toArray();
        int chunks = circuit.libraMasks().size();
        String chunkPolys = SolidityCode.words(circuit.libraMasks().stream().mapToLong(VectorRef::poly).toArray());
        code.line("uint256[] memory maskDegrees = %s;", SolidityCode.words(degrees));
        code.line("CircuitChecks.maskChunkTerms(hidden, h, %s, CircuitChecks.maskSumWeights(maskDegrees), run.beta);", chunkPolys);
        code.line("Claims.push(claims, Claims.Claim(hidden, hiddenValue));");
        code.open("{ // the sumcheck's last step, as a claim on its mask");
        code.line("Claims.Term[] memory maskTerms = new Claims.Term[](%d);", chunks);
        code.line("CircuitChecks.maskChunkTerms(maskTerms, 0, %s, CircuitChecks.maskWeights(run.point, maskDegrees), 1);", chunkPolys);
        code.line("Claims.push(claims, Claims.Claim(maskTerms, run.combinedFinal.esub(atPoint).emul(run.beta.einv())));");
        code.close();
        code.line("Claims.appendAll(claims, lookupsShared);");
    }

    private static String revealed(int index) {
        return "FiatShamir.extAt(proof, revealedAt, " + index + ")";
    }

    /** ContractionRelation's final value, revealed claims and hidden claim (see its Java verifier side). */
    private void contraction(ContractionRelation relation, int k, int at) {
        ContractionPlan plan = relation.plan();
        boolean publicU = plan.unfolded().isPublic();
        boolean folded = plan.folded() != null;
        boolean hasEq = plan.uFreeVars() > 0;
        int cv = plan.contractedVars();
        long m = Goldilocks.fromSigned(plan.multiplier());
        long coefficient = hasEq ? Goldilocks.mul(m, Goldilocks.pow(2, cv)) : m;
        code.line("uint256 val = %s;", publicU ? publicEvaluation(plan.unfolded(), "p") : revealed(at));
        code.line("val = val.emulBase(%s);", Long.toUnsignedString(coefficient));
        // ρ's U-free and F-free coordinates.
        String uFree = plan.uFreeLow() ? "Points.slice(u, 0, " + plan.uFreeVars() + ")"
                : "Points.slice(u, " + plan.fFreeVars() + ", u.length)";
        String fFree = plan.uFreeLow() ? "Points.slice(u, " + plan.uFreeVars() + ", u.length)"
                : "Points.slice(u, 0, " + plan.fFreeVars() + ")";
        if (hasEq) {
            String eqPoint = plan.uContractedLow() ? "Points.concat(CircuitChecks.halves(" + cv + "), " + uFree + ")"
                    : "Points.concat(" + uFree + ", CircuitChecks.halves(" + cv + "))";
            code.line("val = val.emul(Points.eq(%s, p));", eqPoint);
        }
        int foldedIndex = at + (publicU ? 0 : 1);
        if (folded) {
            code.line("val = val.emul(%s);", revealed(foldedIndex));
        }
        code.line("atPoint = atPoint.eadd(coefficients[%d].emul(val));", k);
        if (!publicU) {
            maskedClaim(plan.unfolded().vector(), "p", revealed(at));
        }
        if (folded) {
            VectorRef f = plan.folded().vector();
            String contracted = plan.uContractedLow() ? "Points.slice(p, 0, " + cv + ")"
                    : "Points.slice(p, " + plan.uFreeVars() + ", " + (plan.uFreeVars() + cv) + ")";
            String point = plan.fContractedLow() ? "Points.concat(" + contracted + ", " + fFree + ")"
                    : "Points.concat(" + fFree + ", " + contracted + ")";
            claimWithFoldedMask(String.format("Claims.eq(%d, %d, %s, 1)", f.commitment(), f.poly(), point), plan.foldMask(),
                    revealed(foldedIndex));
        }
        // The hidden claim: target terms at ρ's prefixes (a smaller tensor repeats over the higher variables).
        code.line("constant_ = %s;", SolidityCode.signed(plan.targetConstant()));
        for (LinearTerm t : plan.target()) {
            linearTerm(t.tensor(), Ext2.fromBase(Goldilocks.fromSigned(t.coefficient())), "Sumcheck.prefix(u, " + t.tensor().numVars() + ")");
        }
    }

    /** EqProductRelation's final value, revealed claims and hidden claim. */
    private void eqProduct(EqProductRelation relation, int k, int at) {
        code.line("uint256 val = %s;", SolidityCode.signed(relation.multiplier()));
        int next = at;
        for (TensorPlan f : relation.factors()) {
            code.line("val = val.emul(%s);", f.isPublic() ? publicEvaluation(f, "p") : revealed(next++));
        }
        if (relation.scale() != null) {
            code.line("val = val.emul(CircuitChecks.evaluatePrefix(%s, p));", SolidityCode.field(relation.scale()));
        }
        code.line("val = val.emul(Points.eq(u, p));");
        code.line("atPoint = atPoint.eadd(coefficients[%d].emul(val));", k);
        next = at;
        for (TensorPlan f : relation.factors()) {
            if (!f.isPublic()) {
                maskedClaim(f.vector(), "p", revealed(next++));
            }
        }
        target(relation.target());
    }

    /** GatherRelation's final value G(u, p)·x(p), its revealed claim and its hidden claim: the target less the map's constants at u. */
    private void gather(GatherRelation relation, int k, int at) {
        TensorPlan source = relation.source();
        SparseMap map = relation.map();
        code.line("uint256 val = %s;", source.isPublic() ? publicEvaluation(source, "p") : revealed(at));
        code.line("val = val.emul(CircuitChecks.sparseMapAt(hex\"%s\", u, %d, p, %d));", mapBytes(map),
                Integer.numberOfTrailingZeros(map.targetSize()), Integer.numberOfTrailingZeros(map.sourceSize()));
        code.line("atPoint = atPoint.eadd(coefficients[%d].emul(val));", k);
        if (!source.isPublic()) {
            maskedClaim(source.vector(), "p", revealed(at));
        }
        target(relation.target());
        if (Arrays.stream(map.constants()).anyMatch(c -> Goldilocks.canonical(c) != 0)) {
            code.line("constant_ = constant_.esub(CircuitChecks.runsAt(hex\"%s\", u, %d));", constantsBytes(map.constants()),
                    Integer.numberOfTrailingZeros(map.targetSize()));
        }
    }

    /**
     * A map as CircuitChecks.sparseMapAt reads it, in hex. A map that repeats one pattern in each
     * of 2^k blocks at the top of both positions (max pooling per channel: target c·2^a + t,
     * source c·2^b + s) is written as its pattern, flagged 0x80 with k. A pattern (or map) that is a
     * selection (entry e of target e and weight 1, as a pooling window is) is written as its source
     * positions in 2 or 4 bytes; any other as 16-byte entries.
     */
    public static String mapBytes(SparseMap map) {
        int targetVars = Integer.numberOfTrailingZeros(map.targetSize()), sourceVars = Integer.numberOfTrailingZeros(map.sourceSize());
        // Positions are written by their low bits below: one Java's mapAt cannot read (past its eq tables) is refused here.
        for (int e = 0; e < map.entries(); e++) {
            if (map.target()[e] < 0 || map.target()[e] >= 1L << targetVars || map.source()[e] < 0 || map.source()[e] >= 1L << sourceVars) {
                throw new IllegalArgumentException("sparse map: entry " + e + " (target " + map.target()[e] + ", source " + map.source()[e]
                        + ") lies outside its 2^" + targetVars + " targets and 2^" + sourceVars + " sources");
            }
        }
        int k = Math.min(targetVars, sourceVars);
        while (k > 0 && !repeatsInBlocks(map, k)) {
            k--;
        }
        int a = targetVars - k, b = sourceVars - k;
        int n = map.entries() >> k; // the pattern: block 0's entries, the first n
        boolean selection = true;
        for (int e = 0; e < n && selection; e++) {
            selection = (map.target()[e] & ((1 << a) - 1)) == e && Goldilocks.canonical(map.weight()[e]) == 1;
        }
        boolean narrow = b <= 16;
        StringBuilder hex = new StringBuilder(String.format("%02x", (k > 0 ? 0x80 : 0) | (selection ? (narrow ? 1 : 2) : 0)));
        if (k > 0) {
            hex.append(String.format("%02x", k));
        }
        for (int e = 0; e < n; e++) {
            int t = map.target()[e] & ((1 << a) - 1), src = map.source()[e] & ((1 << b) - 1);
            if (selection) {
                hex.append(String.format(narrow ? "%04x" : "%08x", src));
            } else {
                hex.append(String.format("%08x%08x%016x", t, src, Goldilocks.canonical(map.weight()[e])));
            }
        }
        return hex.toString();
    }

    /**
     * A map's constants as CircuitChecks.runsAt reads them, in hex: a byte k, the constants repeating one pattern in
     * each of 2^k blocks at the top of the positions (one per channel: a pooled output's padding, the windows' edges),
     * then the pattern's runs of one non-zero value, 16 bytes each (start and end position, 4 bytes each; the value,
     * 8, canonical). A pooling map's constants, 8 bytes per position as words, take a run or a few per map so.
     */
    public static String constantsBytes(long[] constants) {
        int vars = Integer.numberOfTrailingZeros(constants.length);
        if (constants.length != 1 << vars) {
            throw new IllegalArgumentException("constants: " + constants.length + " positions, not a power of two");
        }
        int k = vars;
        while (k > 0 && !repeatsInBlocks(constants, k)) {
            k--;
        }
        int n = constants.length >> k;
        StringBuilder hex = new StringBuilder(String.format("%02x", k));
        for (int start = 0; start < n; ) {
            long value = Goldilocks.canonical(constants[start]);
            int end = start + 1;
            while (end < n && Goldilocks.canonical(constants[end]) == value) {
                end++;
            }
            if (value != 0) {
                hex.append(String.format("%08x%08x%016x", start, end, value));
            }
            start = end;
        }
        return hex.toString();
    }

    /** Whether the constants are 2^k copies of their first block. */
    private static boolean repeatsInBlocks(long[] constants, int k) {
        int n = constants.length >> k;
        for (int i = n; i < constants.length; i++) {
            if (Goldilocks.canonical(constants[i]) != Goldilocks.canonical(constants[i % n])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the map's entries fall in 2^k blocks given by the top k bits of both positions (the
     * same block in each), each block holding, in order, the same entries as block 0 at its low
     * bits: then Σ_e eq(u, target_e)·eq(p, source_e)·w_e is block 0's sum times eq of the two
     * points' top k coordinates.
     */
    private static boolean repeatsInBlocks(SparseMap map, int k) {
        int blocks = 1 << k, entries = map.entries();
        if (entries % blocks != 0) {
            return false;
        }
        int a = Integer.numberOfTrailingZeros(map.targetSize()) - k, b = Integer.numberOfTrailingZeros(map.sourceSize()) - k;
        int n = entries / blocks;
        for (int e = 0; e < entries; e++) {
            int blk = e / n, first = e % n; // entries are listed block after block
            int t = map.target()[e], src = map.source()[e];
            if (t >>> a != blk || src >>> b != blk || (t & ((1 << a) - 1)) != (map.target()[first] & ((1 << a) - 1))
                    || (src & ((1 << b) - 1)) != (map.source()[first] & ((1 << b) - 1)) || map.weight()[e] != map.weight()[first]) {
                return false;
            }
        }
        return true;
    }

    /**
     * ConvRelation's final value W'(p)·X'(p) (times 2^K·eq((½…, ρ_g), p) when grouped), with X' the im2col matrix at
     * (p, ρ_pixels): ⟨H, x⟩ over the samples for a public input, else revealed and claimed on the input with product
     * weights H ⊗ eq(ρ_batch) and the columns' mask; the revealed weight's claim at (k, ρ_channels, g); the hidden claim:
     * the requantisation's accumulator less the bias at (ρ_channels, ρ_groups) times the valid pixels' indicator.
     */
    private void conv(ConvRelation relation, int k, int at) {
        LayerPlan.Conv plan = relation.plan();
        int pv = plan.pixelVars(), cv = plan.channelVars(), gv = plan.groupVars(), kv = plan.kernelVars();
        boolean publicInput = plan.input().isPublic();
        String batch = "Points.slice(u, " + (pv + cv + gv) + ", u.length)";
        code.line("uint256[] memory im2col = CircuitChecks.im2colWeights(%s, p, Points.slice(u, 0, %d));",
                SolidityCode.words(im2colGeometries.get(relation)), pv);
        int columns = at + 1;
        code.line("uint256 val = %s;", publicInput ? "CircuitChecks.productAt(im2col, " + batch + ", " + publicVector(plan.input()) + ")"
                : revealed(columns));
        code.line("val = val.emul(%s);", revealed(at));
        if (gv > 0) {
            code.line("val = val.emulBase(%s).emul(Points.eq(Points.concat(CircuitChecks.halves(%d), Points.slice(u, %d, %d)), p));",
                    Long.toUnsignedString(Goldilocks.pow(2, kv)), kv, pv + cv, pv + cv + gv);
        }
        code.line("atPoint = atPoint.eadd(coefficients[%d].emul(val));", k);
        // W is laid out (k, c, g): the sumcheck's kernel coordinates, ρ's channel ones, the sumcheck's group ones.
        maskedClaim(plan.weight(), "Points.concat(Points.concat(Points.slice(p, 0, " + kv + "), Points.slice(u, " + pv + ", " + (pv + cv)
                + ")), Points.slice(p, " + kv + ", " + (kv + gv) + "))", revealed(at));
        if (!publicInput) {
            VectorRef x = plan.input().vector();
            claimWithFoldedMask(String.format("Claims.product(%d, %d, im2col, %s, 1)", x.commitment(), x.poly(), batch), plan.columnsMask(),
                    revealed(columns));
        }
        target(new Target.Accumulator(plan.requant()));
        QLayer.ConvGeometry g = plan.layer().geometry();
        code.line("hidden[h++] = Claims.eq(%d, %d, Points.slice(u, %d, %d), uint256(0).esub(CircuitChecks.prefixIndicator(u, %d, %d)).emul(scale));",
                plan.bias().commitment(), plan.bias().poly(), pv, pv + cv + gv, pv, g.outH() * g.outW());
    }

    /**
     * The words CircuitChecks.im2colWeights reads for a convolution (its geometry, the input's channel stride, the
     * variable counts and the sample's size), once the entries those loops generate are checked to be exactly the
     * plan's im2col map, weight 1 each and no constants; anything else is refused by name (a contract that generated
     * other entries would check another statement than Java).
     */
    static long[] im2colGeometry(LayerPlan.Conv plan) {
        QLayer.ConvGeometry g = plan.layer().geometry();
        String name = "convolution '" + plan.layer().name() + "'";
        int[] proofIndex = plan.input().layout().proofIndex();
        int pixelsIn = g.inH() * g.inW();
        long channelStride = g.inC() > 1 && proofIndex.length > pixelsIn ? proofIndex[pixelsIn] - proofIndex[0] : pixelsIn;
        for (int c = 0; c < g.inC(); c++) {
            for (int i = 0; i < pixelsIn; i++) {
                int logical = c * pixelsIn + i;
                if (logical >= proofIndex.length || proofIndex[logical] != c * channelStride + i) {
                    throw new UnsupportedOperationException("the EVM verifier does not check " + name + " yet: its input is laid out"
                            + " other than channel after channel, each of " + g.inH() + "x" + g.inW() + " values in row order");
                }
            }
        }
        SparseMap map = plan.im2col();
        long[] geometry = {g.outH(), g.outW(), g.groups(), g.groupInC(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.dilationH(),
            g.dilationW(), g.padTop(), g.padLeft(), g.inH(), g.inW(), channelStride, plan.kernelVars(), plan.groupVars(), map.sourceSize()};
        // The loops below are the contract's only where both read the same numbers: the contract reads these words as
        // uint256, so a negative one (a cropping pad, −1 read as 2^64 − 1) would make it skip every entry (review fix).
        if (Arrays.stream(geometry).anyMatch(x -> x < 0)) {
            throw new UnsupportedOperationException("the EVM verifier does not check " + name + " yet: a negative pad, stride or dilation"
                    + " (the contract's im2col loops read its geometry unsigned)");
        }
        if (Arrays.stream(map.constants()).anyMatch(x -> Goldilocks.canonical(x) != 0)) {
            throw new UnsupportedOperationException("the EVM verifier does not check " + name + " yet: its im2col map has constants");
        }
        int kernel = 1 << plan.kernelVars(), groups = 1 << plan.groupVars();
        List<Long> generated = new ArrayList<>();
        for (int p = 0; p < g.outH() * g.outW(); p++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                for (int ci = 0; ci < g.groupInC(); ci++) {
                    for (int kh = 0; kh < g.kH(); kh++) {
                        for (int kw = 0; kw < g.kW(); kw++) {
                            long ih = (long) (p / g.outW()) * g.strideH() + (long) kh * g.dilationH() - g.padTop();
                            long iw = (long) (p % g.outW()) * g.strideW() + (long) kw * g.dilationW() - g.padLeft();
                            if (ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW()) {
                                long target = ((long) p * groups + grp) * kernel + (ci * g.kH() + kh) * g.kW() + kw;
                                long source = (grp * g.groupInC() + ci) * channelStride + ih * g.inW() + iw;
                                generated.add(target << 32 | source);
                            }
                        }
                    }
                }
            }
        }
        List<Long> listed = new ArrayList<>();
        for (int e = 0; e < map.entries(); e++) {
            if (Goldilocks.canonical(map.weight()[e]) != 1) {
                throw new UnsupportedOperationException("the EVM verifier does not check " + name + " yet: an im2col entry of weight other than 1");
            }
            listed.add((long) map.target()[e] << 32 | map.source()[e]);
        }
        java.util.Collections.sort(generated);
        java.util.Collections.sort(listed);
        if (!generated.equals(listed) || map.targetSize() != (long) kernel * groups << plan.pixelVars()) {
            throw new UnsupportedOperationException("the EVM verifier does not check " + name + " yet: its im2col map is not the one its geometry"
                    + " generates on-chain");
        }
        return geometry;
    }

    /** ProductZeroRelation's final value eq(τ, p)·Π_k D_k(p) and a revealed claim per factor; its claimed sum is zero. */
    private void productZero(ProductZeroRelation relation, int k, int at) {
        code.line("uint256 val = Points.eq(u, p);");
        for (int f = 0; f < relation.factors().size(); f++) {
            code.line("val = val.emul(%s);", revealed(at + f));
        }
        code.line("atPoint = atPoint.eadd(coefficients[%d].emul(val));", k);
        for (int f = 0; f < relation.factors().size(); f++) {
            maskedClaim(relation.factors().get(f).vector(), "p", revealed(at + f));
        }
    }

    /** Target.claimAt(u): hidden terms (scaled) and the constant. */
    private void target(Target target) {
        switch (target) {
            case Target.Zero z -> { }
            case Target.Of o -> linearTerm(o.tensor(), Ext2.ONE, "u");
            case Target.Linear l -> l.terms().forEach(t -> linearTerm(t.tensor(), Ext2.fromBase(Goldilocks.fromSigned(t.coefficient())), "u"));
            case Target.Difference d -> {
                linearTerm(d.y(), Ext2.ONE, "u");
                linearTerm(d.d(), Ext2.ONE.neg(), "u");
            }
            case Target.Accumulator a -> {
                a.requant().accumulatorTerms().forEach(t -> linearTerm(t.tensor(), Ext2.fromBase(Goldilocks.fromSigned(t.coefficient())), "u"));
                code.line("constant_ = constant_.eadd(%s);", SolidityCode.signed(a.requant().accumulatorConstant()));
            }
            case Target.MinusPublic mp -> {
                target(mp.base());
                code.line("constant_ = constant_.esub(CircuitChecks.evaluatePrefix(%s, u));", SolidityCode.field(mp.perSample()));
            }
        }
    }

    /** coefficient·tensor at a point: into the constant when public, else a hidden term scaled by the relation's coefficient. */
    private void linearTerm(TensorPlan tensor, Ext2 coefficient, String point) {
        if (tensor.isPublic()) {
            code.line("constant_ = constant_.eadd(uint256(%s).emul(%s));", SolidityCode.ext(coefficient), publicEvaluation(tensor, point));
        } else {
            code.line("hidden[h++] = Claims.eq(%d, %d, %s, uint256(%s).emul(scale));", tensor.vector().commitment(), tensor.vector().poly(), point,
                    SolidityCode.ext(coefficient));
        }
    }

    private static int hiddenTermCount(Relation r) {
        return switch (r) {
            case ContractionRelation c -> (int) c.plan().target().stream().filter(t -> !t.tensor().isPublic()).count();
            case EqProductRelation e -> hiddenTermCount(e.target());
            case GatherRelation g -> hiddenTermCount(g.target());
            case ProductZeroRelation z -> 0;
            case ConvRelation c -> 1 + (int) c.plan().requant().accumulatorTerms().stream().filter(t -> !t.tensor().isPublic()).count();
            default -> throw new IllegalStateException("refused above");
        };
    }

    private static int hiddenTermCount(Target t) {
        return switch (t) {
            case Target.Zero z -> 0;
            case Target.Of o -> o.tensor().isPublic() ? 0 : 1;
            case Target.Linear l -> (int) l.terms().stream().filter(x -> !x.tensor().isPublic()).count();
            case Target.Difference d -> (d.y().isPublic() ? 0 : 1) + 1;
            case Target.Accumulator a -> (int) a.requant().accumulatorTerms().stream().filter(x -> !x.tensor().isPublic()).count();
            case Target.MinusPublic mp -> hiddenTermCount(mp.base());
        };
    }

    /** A value revealed under a committed mask folded at p: the claim term + the mask's term (ClaimTerms.foldMask) = value. */
    private void claimWithFoldedMask(String term, VectorRef mask, String value) {
        code.open("{");
        code.line("Claims.Term[] memory terms = new Claims.Term[](2);");
        code.line("terms[0] = %s;", term);
        code.line("terms[1] = CircuitChecks.maskTerm(%d, %d, p, 1);", mask.commitment(), mask.poly());
        code.line("Claims.push(claims, Claims.Claim(terms, %s));", value);
        code.close();
    }

    /** ClaimTerms.maskedClaim(v, point, value). */
    private void maskedClaim(VectorRef v, String point, String value) {
        if (!v.masked()) {
            code.line("Claims.push(claims, Claims.single(Claims.eq(%d, %d, %s, 1), %s));", v.commitment(), v.poly(), point, value);
        } else {
            code.line("Claims.push(claims, CircuitChecks.maskedClaim(%d, %d, %d, %s, %s));", v.commitment(), v.poly(), v.mask(), point, value);
        }
    }

    /** A public tensor's multilinear extension at a point (its public root's values: the input or the output). */
    private String publicEvaluation(TensorPlan tensor, String point) {
        return "Sumcheck.evaluateMultilinear(" + publicVector(tensor) + ", " + point + ")";
    }

    /** The contract's vector holding a public tensor's values: its public root, the input or the output. */
    private String publicVector(TensorPlan tensor) {
        String root = tensor.publicRoot();
        if (circuit.input().isPublic() && root.equals(circuit.input().publicRoot())) {
            return "input";
        } else if (circuit.output().isPublic() && root.equals(circuit.output().publicRoot())) {
            return "output";
        }
        throw new UnsupportedOperationException("the EVM verifier reads only the input and the output as public tensors, not '" + root + "'");
    }

    /** LinearCheck.Limbs: value + offset = Σ_i 2^(bits·i)·limb_i at the check's point, a claim of value −constant. */
    private void limbs(LinearCheck.Limbs check, int pointIndex) {
        Decomposition d = check.decomposition();
        List<TensorPlan> tensors = new ArrayList<>();
        List<Ext2> coefficients = new ArrayList<>();
        tensors.add(d.value());
        coefficients.add(Ext2.ONE.neg());
        for (int i = 0; i < d.limbs().size(); i++) {
            tensors.add(d.limbs().get(i));
            coefficients.add(Ext2.fromBase(1L << (d.limbBits() * i)));
        }
        long committed = tensors.stream().filter(t -> !t.isPublic()).count();
        code.open("{ // %s", SolidityCode.comment(d.label()));
        code.line("uint256[] memory u = pts[%d];", pointIndex);
        code.line("Claims.Term[] memory terms = new Claims.Term[](%d);", committed);
        code.line("uint256 constant_ = %s;", SolidityCode.signed(d.offset()));
        int term = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TensorPlan t = tensors.get(i);
            Ext2 negated = coefficients.get(i).neg();
            if (t.isPublic()) {
                code.line("constant_ = constant_.esub(uint256(%s).emul(%s));", SolidityCode.ext(coefficients.get(i)), publicEvaluation(t, "u"));
            } else if (t.numVars() < check.numVars()) {
                code.line("terms[%d] = Claims.eq(%d, %d, Sumcheck.prefix(u, %d), uint256(%s).emul(CircuitChecks.zeroExtension(u, %d)));", term++,
                        t.vector().commitment(), t.vector().poly(), t.numVars(), SolidityCode.ext(negated), t.numVars());
            } else {
                code.line("terms[%d] = Claims.eq(%d, %d, u, %s);", term++, t.vector().commitment(), t.vector().poly(), SolidityCode.ext(negated));
            }
        }
        code.line("Claims.push(claims, Claims.Claim(terms, uint256(0).esub(constant_)));");
        code.close();
    }
}
