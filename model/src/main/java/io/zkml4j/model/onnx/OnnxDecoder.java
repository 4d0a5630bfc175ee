package io.zkml4j.model.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the ONNX protobuf messages zkml4j needs (field numbers from onnx.proto, which is the
 * published ONNX IR specification). Unknown fields are skipped, as protobuf requires, so files
 * written by newer ONNX versions still load; malformed or truncated bytes raise a
 * {@link ModelFormatException} naming the byte offset and the message path.
 */
public final class OnnxDecoder {
    private OnnxDecoder() {}

    /** Decodes a serialized ModelProto (the content of a .onnx file). */
    public static ModelProto decodeModel(byte[] bytes, String source) throws ModelFormatException {
        if (bytes.length == 0) {
            throw new ModelFormatException(source + ": the file is empty");
        }
        ProtoReader r = ProtoReader.of(bytes, source, "model");
        long irVersion = 0;
        List<OperatorSetIdProto> opsets = new ArrayList<>();
        String producerName = "";
        String producerVersion = "";
        GraphProto graph = null;
        int functions = 0;
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> irVersion = r.readInt64("ir_version");
                case 2 -> producerName = r.readString("producer_name");
                case 3 -> producerVersion = r.readString("producer_version");
                case 7 -> graph = graph(r.readMessage("graph", "graph"));
                case 8 -> opsets.add(opset(r.readMessage("opset_import", "model.opset_import[" + opsets.size() + "]")));
                case 25 -> {
                    functions++;
                    r.skip();
                }
                default -> r.skip();
            }
        }
        return new ModelProto(irVersion, opsets, producerName, producerVersion, graph, functions);
    }

    /** Decodes a serialized TensorProto (as in the ONNX test suites' input_N.pb / output_N.pb). */
    public static TensorProto decodeTensor(byte[] bytes, String source) throws ModelFormatException {
        return tensor(ProtoReader.of(bytes, source, "tensor"));
    }

    private static OperatorSetIdProto opset(ProtoReader r) throws ModelFormatException {
        String domain = "";
        long version = 0;
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> domain = r.readString("domain");
                case 2 -> version = r.readInt64("version");
                default -> r.skip();
            }
        }
        return new OperatorSetIdProto(domain, version);
    }

    private static GraphProto graph(ProtoReader r) throws ModelFormatException {
        String name = "";
        List<NodeProto> nodes = new ArrayList<>();
        List<TensorProto> initializers = new ArrayList<>();
        List<ValueInfoProto> inputs = new ArrayList<>();
        List<ValueInfoProto> outputs = new ArrayList<>();
        int sparse = 0;
        String p = r.path();
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> nodes.add(node(r.readMessage("node", p + ".node[" + nodes.size() + "]")));
                case 2 -> name = r.readString("name");
                case 5 -> initializers.add(tensor(r.readMessage("initializer", p + ".initializer[" + initializers.size() + "]")));
                case 11 -> inputs.add(valueInfo(r.readMessage("input", p + ".input[" + inputs.size() + "]")));
                case 12 -> outputs.add(valueInfo(r.readMessage("output", p + ".output[" + outputs.size() + "]")));
                case 15 -> {
                    sparse++;
                    r.skip();
                }
                default -> r.skip();
            }
        }
        return new GraphProto(name, nodes, initializers, sparse, inputs, outputs);
    }

    private static NodeProto node(ProtoReader r) throws ModelFormatException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<AttributeProto> attributes = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        String p = r.path();
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> inputs.add(r.readString("input"));
                case 2 -> outputs.add(r.readString("output"));
                case 3 -> name = r.readString("name");
                case 4 -> opType = r.readString("op_type");
                case 5 -> attributes.add(attribute(r.readMessage("attribute", p + ".attribute[" + attributes.size() + "]")));
                case 7 -> domain = r.readString("domain");
                default -> r.skip();
            }
        }
        return new NodeProto(p, name, opType, domain, inputs, outputs, attributes);
    }

    private static AttributeProto attribute(ProtoReader r) throws ModelFormatException {
        String name = "";
        String ref = "";
        int type = 0;
        boolean hasF = false;
        float f = 0;
        boolean hasI = false;
        long i = 0;
        byte[] s = null;
        TensorProto t = null;
        ArrayBuilders.Floats floats = new ArrayBuilders.Floats();
        ArrayBuilders.Longs ints = new ArrayBuilders.Longs();
        int strings = 0;
        int tensors = 0;
        List<String> others = new ArrayList<>();
        String p = r.path();
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> name = r.readString("name");
                case 2 -> {
                    f = r.readFloat("f");
                    hasF = true;
                }
                case 3 -> {
                    i = r.readInt64("i");
                    hasI = true;
                }
                case 4 -> s = r.readBytes("s");
                case 5 -> t = tensor(r.readMessage("t", p + ".t"));
                case 7 -> r.readRepeatedFloat("floats", floats);
                case 8 -> r.readRepeatedVarint("ints", ints);
                case 9 -> {
                    strings++;
                    r.skip();
                }
                case 10 -> {
                    tensors++;
                    r.skip();
                }
                case 20 -> type = r.readInt32("type");
                case 21 -> ref = r.readString("ref_attr_name");
                case 6, 11 -> {
                    others.add("graph");
                    r.skip();
                }
                case 22, 23 -> {
                    others.add("sparse tensor");
                    r.skip();
                }
                case 14, 15 -> {
                    others.add("type proto");
                    r.skip();
                }
                default -> r.skip();
            }
        }
        return new AttributeProto(p, name, type, ref, hasF, f, hasI, i, s, t, floats.toArray(), ints.toArray(),
                strings, tensors, others);
    }

    private static TensorProto tensor(ProtoReader r) throws ModelFormatException {
        ArrayBuilders.Longs dims = new ArrayBuilders.Longs();
        int dataType = 0;
        ArrayBuilders.Floats floatData = new ArrayBuilders.Floats();
        ArrayBuilders.Longs int32Data = new ArrayBuilders.Longs();
        ArrayBuilders.Longs int64Data = new ArrayBuilders.Longs();
        ArrayBuilders.Doubles doubleData = new ArrayBuilders.Doubles();
        ArrayBuilders.Longs uint64Data = new ArrayBuilders.Longs();
        String name = "";
        byte[] raw = null;
        int strings = 0;
        boolean segment = false;
        boolean external = false;
        while (r.hasNext()) {
            r.next();
            switch (r.fieldNumber()) {
                case 1 -> r.readRepeatedVarint("dims", dims);
                case 2 -> dataType = r.readInt32("data_type");
                case 3 -> {
                    segment = true;
                    r.skip();
                }
                case 4 -> r.readRepeatedFloat("float_data", floatData);
                case 5 -> r.readRepeatedVarint("int32_data", int32Data);
                case 6 -> {
                    strings++;
                    r.skip();
                }
                case 7 -> r.readRepeatedVarint("int64_data", int64Data);
                case 8 -> name = r.readString("name");
                case 9 -> raw = r.readBytes("raw_data");
                case 10 -> r.readRepeatedDouble("double_data", doubleData);
                case 11 -> r.readRepeatedVarint("uint64_data", uint64Data);
                case 13 -> {
                    external = true;
                    r.skip();
                }
                case 14 -> external |= r.readInt32("data_location") == 1; // DataLocation.EXTERNAL
                default -> r.skip();
            }
        }
        long[] int32 = int32Data.toArray();
        for (int k = 0; k < int32.length; k++) {
            int32[k] = (int) int32[k]; // int32 varints are sign-extended; keep the low 32 bits' meaning
        }
        return new TensorProto(r.path(), name, dims.toArray(), dataType, floatData.toArray(), int32,
                int64Data.toArray(), doubleData.toArray(), uint64Data.toArray(), raw, strings, segment, external);
    }

    private static ValueInfoProto valueInfo(ProtoReader r) throws ModelFormatException {
        String name = "";
        ValueInfoProto.TypeKind kind = ValueInfoProto.TypeKind.MISSING;
        int elemType = 0;
        List<ValueInfoProto.Dimension> dims = null;
        String p = r.path();
        while (r.hasNext()) {
            r.next();
            if (r.fieldNumber() == 1) {
                name = r.readString("name");
            } else if (r.fieldNumber() == 2) {
                ProtoReader type = r.readMessage("type", p + ".type");
                kind = ValueInfoProto.TypeKind.OTHER;
                while (type.hasNext()) {
                    type.next();
                    switch (type.fieldNumber()) {
                        case 1 -> {
                            kind = ValueInfoProto.TypeKind.TENSOR;
                            ProtoReader tensor = type.readMessage("tensor_type", p + ".type.tensor_type");
                            while (tensor.hasNext()) {
                                tensor.next();
                                switch (tensor.fieldNumber()) {
                                    case 1 -> elemType = tensor.readInt32("elem_type");
                                    case 2 -> dims = shape(tensor.readMessage("shape", p + ".type.tensor_type.shape"));
                                    default -> tensor.skip();
                                }
                            }
                        }
                        case 4 -> kind = skipAs(type, ValueInfoProto.TypeKind.SEQUENCE);
                        case 5 -> kind = skipAs(type, ValueInfoProto.TypeKind.MAP);
                        case 8 -> kind = skipAs(type, ValueInfoProto.TypeKind.SPARSE_TENSOR);
                        case 9 -> kind = skipAs(type, ValueInfoProto.TypeKind.OPTIONAL);
                        default -> type.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return new ValueInfoProto(p, name, kind, elemType, dims);
    }

    private static ValueInfoProto.TypeKind skipAs(ProtoReader r, ValueInfoProto.TypeKind kind) throws ModelFormatException {
        r.skip();
        return kind;
    }

    private static List<ValueInfoProto.Dimension> shape(ProtoReader r) throws ModelFormatException {
        List<ValueInfoProto.Dimension> dims = new ArrayList<>();
        String p = r.path();
        while (r.hasNext()) {
            r.next();
            if (r.fieldNumber() != 1) {
                r.skip();
                continue;
            }
            ProtoReader d = r.readMessage("dim", p + ".dim[" + dims.size() + "]");
            boolean hasValue = false;
            long value = 0;
            String param = "";
            while (d.hasNext()) {
                d.next();
                switch (d.fieldNumber()) {
                    case 1 -> {
                        value = d.readInt64("dim_value");
                        hasValue = true;
                    }
                    case 2 -> param = d.readString("dim_param");
                    default -> d.skip();
                }
            }
            dims.add(new ValueInfoProto.Dimension(hasValue, value, param));
        }
        return dims;
    }
}
