#!/usr/bin/env python3
"""Write a GPT-2-small-shaped decoder with random weights, for zkml4j's benchmark.

NOT trained: its outputs are meaningless; it fixes the shapes of GPT-2 small (12 layers, d = 768,
12 heads of 64, MLP 3072, pre-norm LayerNorm, GELU, causal self-attention) over 16 tokens.

  gpt2-small.onnx         input [1, 16, 768]: the tokens' embeddings (token plus position, looked
                          up by this script for random token ids; the lookup is not in the graph),
                          output [1, 16, 768]: the final LayerNorm's hidden states (no LM head)
  gpt2-small-input.json   those embeddings {"input_data": [[16*768 floats]]}, also the calibration

Each head has its own Q, K and V projections, and the causal mask multiplies the exponentials
(softmax restricted to earlier tokens: exp(s - max s) * M / sum(exp(s - max s) * M), with M the
lower-triangular ones), so the graph holds only operators zkml4j proves. About 85M parameters,
340 MB of ONNX: generate it, don't commit it.

Run with the Debian system Python (python3-torch):
  /usr/bin/python3 examples/bench/make_gpt2.py [--layers 12] [--out DIR]
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from causal_head import CausalHead  # noqa: E402 (examples/causal_head.py)

D, HEADS, MLP, TOKENS, VOCAB = 768, 12, 3072, 16, 50257


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.heads = nn.ModuleList([CausalHead(D, HEADS, TOKENS) for _ in range(HEADS)])
        self.project = nn.Linear(D, D)
        self.mlp = nn.Sequential(nn.Linear(D, MLP), nn.GELU(), nn.Linear(MLP, D))

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.project(torch.cat([head(h) for head in self.heads], dim=-1))
        return x + self.mlp(self.ln2(x))


class Decoder(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.blocks = nn.Sequential(*[Block() for _ in range(layers)])
        self.ln_f = nn.LayerNorm(D)

    def forward(self, x):
        return self.ln_f(self.blocks(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    torch.manual_seed(2)
    model = Decoder(args.layers).eval()
    for p in model.parameters():  # GPT-2's initialisation scale
        if p.dim() > 1:
            nn.init.normal_(p, std=0.02)
    tokens = torch.randint(0, VOCAB, (TOKENS,))
    wte, wpe = torch.randn(VOCAB, D) * 0.02, torch.randn(1024, D) * 0.01
    x = (wte[tokens] + wpe[:TOKENS]).unsqueeze(0)
    name = "gpt2-small" if args.layers == 12 else f"gpt2-{args.layers}layer"
    with torch.no_grad():
        torch.onnx.export(model, x, os.path.join(args.out, name + ".onnx"), input_names=["embeddings"], output_names=["hidden"],
                          opset_version=17, do_constant_folding=True)
    with open(os.path.join(args.out, name + "-input.json"), "w") as f:
        json.dump({"input_data": [[round(float(v), 7) for v in x.reshape(-1)]]}, f)
    print(f"wrote {name}.onnx: {sum(p.numel() for p in model.parameters())} parameters")


if __name__ == "__main__":
    main()
