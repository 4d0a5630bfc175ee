#!/usr/bin/env python3
"""Export a small PyTorch model that starts with an embedding lookup by token ids, random weights,
for zkml4j's tests of Gather at computed indices: "ids" [1, 8] (INT64) in, nn.Embedding(100, 16),
ReLU, Linear(16, 4) per token, "y" [1, 8, 4] out. Run with the Debian system Python (python3-torch):
  /usr/bin/python3 export_embedding.py
"""
import torch
import torch.nn as nn

torch.manual_seed(5)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 16)
        self.fc = nn.Linear(16, 4)

    def forward(self, ids):
        return self.fc(torch.relu(self.embed(ids)))


torch.onnx.export(Model().eval(), torch.tensor([[3, 17, 99, 0, 42, 42, 7, 64]]), "embedding.onnx", input_names=["ids"],
                  output_names=["y"], opset_version=17, do_constant_folding=True)
