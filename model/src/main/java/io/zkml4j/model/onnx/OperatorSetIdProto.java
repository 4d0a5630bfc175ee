package io.zkml4j.model.onnx;

/** An operator set the model imports: domain ("" or "ai.onnx" for the default one) and version. */
public record OperatorSetIdProto(String domain, long version) {
    /** Whether this is the default ONNX operator set. */
    public boolean isDefaultDomain() {
        return OnnxDomains.isDefault(domain);
    }
}
