package io.zkml4j.proof;

import io.zkml4j.model.quant.QuantizedModelBuilder;
import io.zkml4j.model.quant.Activation;
import io.zkml4j.model.quant.Postprocess;
import io.zkml4j.model.quant.QLayer;
import io.zkml4j.model.quant.QuantizedModel;
import io.zkml4j.model.quant.Requant;
import io.zkml4j.proof.circuit.Circuit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compiler adds vectors named after layers ("L.t", "L.r0", "L.sign", ...). A tensor named like
 * one of them must be refused with a clear message, at compile time and when a key is read, not
 * silently replace the tensor's plan (found by the independent review).
 */
class NameCollisionTest {
    @Test
    void aTensorNamedLikeAnAddedVectorIsRefused() {
        QuantizedModelBuilder b = new QuantizedModelBuilder("fc.t", new int[] {40}, 1);
        b.layer(new QLayer.Dense("fc", "fc.t", "y", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        QuantizedModel m = b.build("collision", "y");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CircuitCompiler.compile(m, 1, Circuit.Options.DEFAULT));
        assertTrue(e.getMessage().contains("'fc.t' is used twice"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> ProvingKey.create(m, Postprocess.NONE, CommitOptions.DEFAULT.withSecurityBits(80)));
    }

    @Test
    void twoLayersWithOneNameAreRefusedWhenAKeyIsRead() throws Exception {
        QuantizedModelBuilder b = new QuantizedModelBuilder("x", new int[] {40}, 1);
        b.layer(new QLayer.Dense("fc", "x", "h", 40, 32, b.ints(40 * 32, 100), b.ints(32, 3000), new Requant(10, Activation.RELU)), 32);
        b.layer(new QLayer.Dense("fc", "h", "y", 32, 10, b.ints(320, 100), b.ints(10, 3000), new Requant(10, Activation.IDENTITY)), 10);
        QuantizedModel m = b.build("twins", "y");
        io.zkml4j.proof.format.BinaryWriter w = new io.zkml4j.proof.format.BinaryWriter();
        io.zkml4j.proof.format.ModelCodec.write(w, m, true);
        io.zkml4j.proof.format.FileFormatException e = assertThrows(io.zkml4j.proof.format.FileFormatException.class,
                () -> io.zkml4j.proof.format.ModelCodec.read(new io.zkml4j.proof.format.BinaryReader(w.toByteArray(), "key"), true));
        assertTrue(e.getMessage().contains("two layers are named 'fc'"), e.getMessage());
    }
}
