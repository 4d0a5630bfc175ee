package io.zkml4j.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.zkml4j.model.exec.FloatExecutor;
import io.zkml4j.model.ir.Graph;
import io.zkml4j.model.ir.Tensor;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The float model a quantised one is compared with: ONNX Runtime (the reference the ONNX
 * ecosystem trusts), or zkml4j's own float executor when ONNX Runtime cannot load here.
 */
interface FloatReference extends AutoCloseable {
    /** The model's output (flattened) for one flattened input. */
    float[] run(float[] input);

    String name();

    @Override
    void close();

    static FloatReference builtin(Graph graph) {
        FloatExecutor executor = new FloatExecutor(graph);
        Graph.ValueInfo in = graph.inputs().get(0);
        String out = graph.outputs().get(0).name();
        return new FloatReference() {
            public float[] run(float[] input) {
                return executor.run(Map.of(in.name(), new Tensor(in.shape(), input))).get(out).data();
            }

            public String name() {
                return "zkml4j float executor";
            }

            public void close() {}
        };
    }

    /** ONNX Runtime's CPU session for the model file, with the graph's (batch-1) input shape. */
    static FloatReference onnxRuntime(Path model, Graph graph) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            OrtSession session = env.createSession(model.toString(), options);
            Graph.ValueInfo in = graph.inputs().get(0);
            long[] shape = Arrays.stream(in.shape()).asLongStream().toArray();
            String inputName = session.getInputNames().iterator().next();
            return new FloatReference() {
                public float[] run(float[] input) {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                         OrtSession.Result r = session.run(Map.of(inputName, t))) {
                        FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
                        float[] out = new float[b.remaining()];
                        b.get(out);
                        return out;
                    } catch (OrtException e) {
                        throw new Main.UserError("ONNX Runtime failed on " + model + ": " + e.getMessage());
                    }
                }

                public String name() {
                    return "ONNX Runtime " + env.getVersion();
                }

                public void close() {
                    try {
                        session.close();
                    } catch (OrtException e) {
                        // nothing to do at shutdown
                    }
                }
            };
        } catch (OrtException | UnsatisfiedLinkError | ExceptionInInitializerError e) {
            throw new Main.UserError("ONNX Runtime cannot load " + model + " here (" + e.getMessage() + "); use --reference builtin");
        }
    }
}
