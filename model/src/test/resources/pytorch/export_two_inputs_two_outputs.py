#!/usr/bin/env python3
"""Export a small PyTorch model of two inputs and two outputs, random weights, for zkml4j's tests of
models with several inputs and outputs: "image" [1, 16] and "meta" [1, 3] in, "logits" [1, 4] and
"score" [1, 1] out, the two branches meeting in a product of computed tensors. Run with the Debian
system Python (python3-torch):
  /usr/bin/python3 export_two_inputs_two_outputs.py
"""
import torch
import torch.nn as nn

torch.manual_seed(0)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.image, self.meta = nn.Linear(16, 8), nn.Linear(3, 8)
        self.classify, self.regress = nn.Linear(8, 4), nn.Linear(8, 1)

    def forward(self, image, meta):
        m = self.meta(meta)
        z = torch.relu(self.image(image)) * torch.sigmoid(m)
        return self.classify(z), torch.tanh(self.regress(z + m))


torch.onnx.export(Model().eval(), (torch.randn(1, 16), torch.randn(1, 3)), "two_inputs_two_outputs.onnx",
                  input_names=["image", "meta"], output_names=["logits", "score"], opset_version=17, do_constant_folding=True)
