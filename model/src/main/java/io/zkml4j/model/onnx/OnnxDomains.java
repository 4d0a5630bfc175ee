package io.zkml4j.model.onnx;

/** Operator-set domain names. The default ONNX domain may be written "" or "ai.onnx". */
final class OnnxDomains {
    private OnnxDomains() {}

    static boolean isDefault(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
