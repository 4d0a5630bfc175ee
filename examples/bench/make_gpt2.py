#!/usr/bin/env python3
"""Write a GPT-2-small-shaped decoder with random weights, for zkml4j's benchmark.

NOT trained: its outputs are meaningless; it fixes the shapes of GPT-2 small (12 layers, d = 768,
12 heads of 64, MLP 3072, pre-norm LayerNorm, GELU, causal self-attention) over 16 tokens.

  gpt2-small.onnx         input [1, 16, 768]: the tokens' embeddings (token plus position, looked
                          up by this script for random token ids; the lookup is not in the graph),
                          output [1, 16, 768]: the final LayerNorm's hidden states (no LM head)
  gpt2-small-input.json   those embeddings {"input_data": [[16*768 floats]]}, also the calibration

As in GPT-2, one projection per layer (c_attn) gives the queries, keys and values of all heads,
each head slicing its own out of it; the causal mask multiplies the exponentials (softmax
restricted to earlier tokens: exp(s - max s) * M / sum(exp(s - max s) * M), with M the
lower-triangular ones), so the graph holds only operators zkml4j proves. About 85M parameters,
340 MB of ONNX: generate it, don't commit it.

Run with the Debian system Python (python3-torch):
  /usr/bin/python3 examples/bench/make_gpt2.py [--layers 12] [--out DIR]
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from causal_head import causal_attention  # noqa: E402 (examples/causal_head.py)

D, HEADS, MLP, TOKENS, VOCAB = 768, 12, 3072, 16, 50257


class Attention(nn.Module):
    """GPT-2's masked self-attention: c_attn projects to Q, K and V of every head at once."""

    def __init__(self):
        super().__init__()
        self.c_attn = nn.Linear(D, 3 * D)
        self.scale = 1.0 / math.sqrt(D // HEADS)
        self.register_buffer("causal", torch.tril(torch.ones(TOKENS, TOKENS)))

    def forward(self, x):
        qkv, dh = self.c_attn(x), D // HEADS
        heads = []
        for h in range(HEADS):
            q, k, v = (qkv[..., part * D + h * dh:part * D + (h + 1) * dh] for part in range(3))
            heads.append(causal_attention(q, k, v, self.causal, self.scale))
        return torch.cat(heads, dim=-1)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attention = Attention()
        self.project = nn.Linear(D, D)
        self.mlp = nn.Sequential(nn.Linear(D, MLP), nn.GELU(), nn.Linear(MLP, D))

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.project(self.attention(h))
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
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)), help="where to write (created if missing)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
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
