"""One head of causal self-attention written with only operators zkml4j proves: the mask multiplies
the exponentials (softmax restricted to earlier tokens: exp(s - max s) * M / sum(exp(s - max s) * M),
with M the lower-triangular ones). Shared by examples/decoder/train.py and examples/bench/make_gpt2.py.
"""
import math

import torch
import torch.nn as nn


def causal_attention(q, k, v, causal, scale):
    """Attention of queries q over keys k and values v, each token only over itself and earlier ones."""
    s = q @ k.transpose(-2, -1) * scale
    e = torch.exp(s - torch.amax(s, dim=-1, keepdim=True)) * causal
    return (e / e.sum(dim=-1, keepdim=True)) @ v


class CausalHead(nn.Module):
    def __init__(self, d, heads, tokens):
        super().__init__()
        dh = d // heads
        self.q, self.k, self.v = nn.Linear(d, dh), nn.Linear(d, dh), nn.Linear(d, dh)
        self.scale = 1.0 / math.sqrt(dh)
        self.register_buffer("causal", torch.tril(torch.ones(tokens, tokens)))

    def forward(self, x):
        return causal_attention(self.q(x), self.k(x), self.v(x), self.causal, self.scale)
