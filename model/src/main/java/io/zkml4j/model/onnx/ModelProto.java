package io.zkml4j.model.onnx;

import java.util.List;

/**
 * The fields of an ONNX ModelProto that zkml4j reads.
 *
 * @param graph null when the file has no graph (an error the importer reports)
 * @param functionCount model-local functions; nodes calling them use a non-default domain and are rejected
 */
public record ModelProto(long irVersion, List<OperatorSetIdProto> opsetImports, String producerName,
                         String producerVersion, GraphProto graph, int functionCount) {
    public ModelProto {
        opsetImports = List.copyOf(opsetImports);
    }
}
