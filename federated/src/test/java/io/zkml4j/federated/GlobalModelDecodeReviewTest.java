package io.zkml4j.federated;

import io.zkml4j.proof.format.FileFormatException;
import io.zkml4j.training.LayerActivation;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of the version-2 model message from an untrusted peer: every slope that is no leaky ReLU's
 * (NaN, infinities, outside [0, 1], any non-zero slope on another activation) and every unknown code
 * is a FileFormatException naming the layer; a version beyond 2 is refused; every truncation and
 * every single-byte change either decodes to a valid model or is a FileFormatException, never another
 * exception; a version-2 message of ReLU and plain layers reads as its version-1 form does.
 */
class GlobalModelDecodeReviewTest {
    static final int CODE = 6 + 4 + 4; // magic, version, inputs, layer count

    /** The offset of layer l's activation code in a version-2 message of GlobalModelTest.model's widths (4, 6, 5, 3). */
    static int codeOf(int l) {
        int[] widths = {4, 6, 5, 3};
        int at = CODE;
        for (int k = 0; k < l; k++) {
            at += 1 + 8 + 4 + 4 + 8 * widths[k] * widths[k + 1] + 4 + 8 * widths[k + 1];
        }
        return at;
    }

    static byte[] withSlope(byte[] bytes, int layer, double slope) {
        byte[] b = bytes.clone();
        ByteBuffer.wrap(b).putDouble(codeOf(layer) + 1, slope);
        return b;
    }

    @Test
    void slopesThatNoLeakyReluHasAreRefusedByLayer() throws Exception {
        byte[] bytes = GlobalModelTest.model(LayerActivation.TANH, LayerActivation.leakyRelu(0.1), LayerActivation.NONE).encode();
        assertEquals(0.1, GlobalModel.decode(withSlope(bytes, 1, 0.1), "m").activations()[1].alpha());
        assertEquals(1.0, GlobalModel.decode(withSlope(bytes, 1, 1.0), "m").activations()[1].alpha());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.5, Math.nextUp(1.0), 2.0,
            -Double.MIN_VALUE, Double.longBitsToDouble(0x7ff0000000000001L)}) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> GlobalModel.decode(withSlope(bytes, 1, bad), "m"), "slope " + bad);
            assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
        }
        for (int layer : new int[] {0, 2}) { // tanh and none take no slope
            for (double bad : new double[] {Double.NaN, Double.MIN_VALUE, 0.1, Double.POSITIVE_INFINITY}) {
                FileFormatException e = assertThrows(FileFormatException.class, () -> GlobalModel.decode(withSlope(bytes, layer, bad), "m"));
                assertTrue(e.getMessage().contains("layer " + layer), e.getMessage());
            }
        }
    }

    @Test
    void unknownCodesAndNewerVersionsAreRefused() {
        byte[] bytes = GlobalModelTest.model(LayerActivation.SIGMOID, LayerActivation.TANH, LayerActivation.NONE).encode();
        for (int code : new int[] {5, 6, 127, 128, 255}) {
            byte[] b = bytes.clone();
            b[codeOf(2)] = (byte) code;
            FileFormatException e = assertThrows(FileFormatException.class, () -> GlobalModel.decode(b, "m"));
            assertTrue(e.getMessage().contains("layer 2") && e.getMessage().contains("code " + code), e.getMessage());
        }
        for (int version : new int[] {0, 3, 0xffff}) {
            byte[] b = bytes.clone();
            b[4] = (byte) (version >>> 8);
            b[5] = (byte) version;
            assertThrows(FileFormatException.class, () -> GlobalModel.decode(b, "m"), "version " + version);
        }
    }

    @Test
    void aVersionTwoMessageOfReluLayersReadsAsTheFirstFormat() throws Exception {
        GlobalModel relu = GlobalModelTest.model(LayerActivation.RELU, LayerActivation.NONE, LayerActivation.RELU);
        byte[] two = GlobalModelTest.model(LayerActivation.TANH, LayerActivation.TANH, LayerActivation.TANH).encode();
        for (int l = 0; l < 3; l++) {
            two[codeOf(l)] = (byte) relu.activations()[l].code();
        }
        GlobalModel decoded = GlobalModel.decode(two, "m");
        assertArrayEquals(relu.activations(), decoded.activations());
        assertTrue(decoded.sameShape(relu));
        assertArrayEquals(relu.encode(), decoded.encode(), "re-encoded in version 1");
    }

    @Test
    void truncatedOrChangedMessagesFailOnlyAsFormatErrors() {
        byte[] bytes = GlobalModelTest.model(LayerActivation.SIGMOID, LayerActivation.leakyRelu(0.25), LayerActivation.NONE).encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, n);
            assertThrows(FileFormatException.class, () -> GlobalModel.decode(prefix, "m"), n + " bytes");
        }
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 3000; i++) {
            byte[] b = bytes.clone();
            int at = i < bytes.length ? i : r.nextInt(bytes.length);
            b[at] ^= (byte) (1 + r.nextInt(255));
            try {
                GlobalModel m = GlobalModel.decode(b, "m");
                assertEquals(3, m.layers());
            } catch (FileFormatException expected) {
                // refused by name
            } catch (RuntimeException e) {
                throw new AssertionError("byte " + at + " changed: " + e, e);
            }
        }
    }
}
