#!/usr/bin/env python3
"""Export PyTorch's own nn.TransformerEncoderLayer (d = 32, 2 heads, feed-forward 64, batch first)
with a mean over positions and a linear head, random weights, for zkml4j's importer tests: the
export PyTorch writes for nn.MultiheadAttention (it transposes to sequence-first, splits the fused
in-projection, multiplies per-head batches). Run with the Debian system Python (python3-torch):
  /usr/bin/python3 export_transformer_encoder_layer.py
"""
import torch
import torch.nn as nn

torch.manual_seed(0)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.TransformerEncoderLayer(d_model=32, nhead=2, dim_feedforward=64, dropout=0.0, batch_first=True)
        self.classify = nn.Linear(32, 4)

    def forward(self, x):
        return self.classify(self.encoder(x).mean(dim=1))


torch.onnx.export(Model().eval(), torch.randn(1, 8, 32), "transformer_encoder_layer.onnx", input_names=["x"], output_names=["y"],
                  opset_version=17, do_constant_folding=True)
