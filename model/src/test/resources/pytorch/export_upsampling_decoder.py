#!/usr/bin/env python3
"""Export a small PyTorch decoder that upsamples, random weights, for zkml4j's tests of ConvTranspose
and Resize: [1, 4, 4, 4] in, a transposed convolution (stride 2, padding 1, output_padding 1), a
bilinear upsampling (Resize, half-pixel coordinates), a nearest one, and a convolution, [1, 2, 32, 32]
out. Run with the Debian system Python (python3-torch):
  /usr/bin/python3 export_upsampling_decoder.py
It also writes upsampling_decoder_io.json: an input and PyTorch's output for it.
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(0)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(4, 3, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.bilinear = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.nearest = nn.Upsample(scale_factor=2, mode="nearest")
        self.out = nn.Conv2d(3, 2, kernel_size=3, padding=1)

    def forward(self, x):
        return self.out(self.nearest(self.bilinear(torch.relu(self.up(x)))))


model = Decoder().eval()
x = torch.randn(1, 4, 4, 4)
torch.onnx.export(model, x, "upsampling_decoder.onnx", input_names=["x"], output_names=["y"], opset_version=17,
                  do_constant_folding=True)
with torch.no_grad(), open("upsampling_decoder_io.json", "w") as f:  # PyTorch's own output, for the importer's test
    json.dump({"input": [round(v, 6) for v in x.flatten().tolist()], "output": [round(v, 6) for v in model(x).flatten().tolist()]}, f)
