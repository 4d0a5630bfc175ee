package io.zkml4j.proof;

import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.proof.format.BinaryReader;
import io.zkml4j.proof.format.BinaryWriter;
import io.zkml4j.proof.format.FileFormatException;

/** The output post-processing inside key files: its kind and axis. */
final class PostprocessCodec {
    private PostprocessCodec() {}

    static void write(BinaryWriter w, Postprocess p) {
        w.u8(switch (p.kind()) { // explicit tags: reordering the enum must not change the format
            case NONE -> 0;
            case SOFTMAX -> 1;
        }).i32(p.axis());
    }

    static Postprocess read(BinaryReader r, QuantizedModel model) throws FileFormatException {
        int kind = r.u8("output post-processing");
        int axis = r.i32("output post-processing axis", 0, Math.max(0, model.outputSpec().shape().length - 1));
        return switch (kind) {
            case 0 -> Postprocess.NONE;
            case 1 -> Postprocess.softmax(axis);
            default -> throw r.error("output post-processing", "unknown kind " + kind);
        };
    }
}
