#!/usr/bin/env python3
"""Train a small GPT-2-shaped causal decoder on real text and export it to ONNX for zkml4j.

Data: the licence texts Debian ships in /usr/share/common-licenses (about 300 KB of English),
lower-cased, characters outside a 48-symbol alphabet mapped to one "other" symbol; the last
10% is held out. The task: read 16 characters, predict the next one.

The model (GPT-2's block at a small size):
  embedding    the 16 characters one-hot (the input, [1, 16, 48]) times a learned table, plus a
               learned position embedding (an embedding lookup is a product with one-hot rows)
  block        pre-norm: LayerNorm, causal self-attention with 2 heads of 32 (each head its own Q,
               K, V projections; the causal mask multiplies the exponentials: exp(s − max s)·M /
               Σ exp(s − max s)·M with M the lower-triangular ones), residual; LayerNorm, MLP
               64-256-64 with GELU, residual
  head         LayerNorm, the last position's state, Linear 64 -> 48 (next-character logits)

Outputs (next to this script): decoder.onnx (opset 17), input.json (one window),
calibration.json (32 windows), test-500.json (500 held-out windows and their next characters),
report.json (float accuracy on all held-out windows).

Run with the Debian system Python (python3-torch 1.13):
  /usr/bin/python3 examples/decoder/train.py [--steps 4000]
"""
import argparse
import glob
import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from causal_head import CausalHead  # noqa: E402 (examples/causal_head.py)

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 .,;:'\"()-\n"
V = len(ALPHABET) + 1  # the last symbol: any other character
T, D, HEADS, MLP = 16, 64, 2, 256


def encode(text):
    index = {c: i for i, c in enumerate(ALPHABET)}
    return np.array([index.get(c, len(ALPHABET)) for c in text.lower()], dtype=np.int64)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(V, D, bias=False)
        self.positions = nn.Parameter(torch.randn(1, T, D) * 0.02)
        self.ln1, self.ln2, self.ln_f = nn.LayerNorm(D), nn.LayerNorm(D), nn.LayerNorm(D)
        self.heads = nn.ModuleList([CausalHead(D, HEADS, T) for _ in range(HEADS)])
        self.project = nn.Linear(D, D)
        self.mlp = nn.Sequential(nn.Linear(D, MLP), nn.GELU(), nn.Linear(MLP, D))
        self.out = nn.Linear(D, V)

    def forward(self, onehot):
        x = self.embed(onehot) + self.positions
        h = self.ln1(x)
        x = x + self.project(torch.cat([head(h) for head in self.heads], dim=-1))
        x = x + self.mlp(self.ln2(x))
        return self.out(self.ln_f(x)[:, -1, :])


def windows(codes, starts):
    x = np.stack([codes[s:s + T] for s in starts])
    return np.eye(V, dtype=np.float32)[x], codes[np.array(starts) + T]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--licenses", default="/usr/share/common-licenses")
    args = ap.parse_args()
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    text = "".join(open(p, encoding="utf-8", errors="replace").read() for p in sorted(glob.glob(os.path.join(args.licenses, "*")))
                   if os.path.isfile(p))
    codes = encode(text)
    split = int(len(codes) * 0.9)
    train, held = codes[:split], codes[split:]
    model = Decoder()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.steps)
    loss_fn = nn.CrossEntropyLoss()
    for step in range(args.steps):
        x, y = windows(train, np.random.randint(0, len(train) - T - 1, 64))
        loss = loss_fn(model(torch.from_numpy(x)), torch.from_numpy(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if (step + 1) % 1000 == 0:
            print(f"step {step + 1}: loss {loss.item():.3f}", flush=True)
    model.eval()
    starts = list(range(0, len(held) - T - 1))
    correct = 0
    with torch.no_grad():
        for i in range(0, len(starts), 2000):
            x, y = windows(held, starts[i:i + 2000])
            correct += int((model(torch.from_numpy(x)).argmax(1).numpy() == y).sum())
    accuracy = correct / len(starts)
    x0, _ = windows(held, [0])
    torch.onnx.export(model, torch.from_numpy(x0), os.path.join(HERE, "decoder.onnx"), input_names=["characters"],
                      output_names=["next"], opset_version=17, do_constant_folding=True)

    def write(name, obj):
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(obj, f)

    flat = lambda a: [int(v) for v in a.reshape(-1)]  # one-hot: 0 or 1
    write("input.json", {"input_data": [flat(x0)]})
    xc, _ = windows(train, list(range(0, 32 * 997, 997)))
    write("calibration.json", {"input_data": [flat(xc)]})
    test_starts = [int(s) for s in np.linspace(0, len(held) - T - 2, 500)]
    xt, yt = windows(held, test_starts)
    write("test-500.json", {"input_data": [flat(xt)], "labels": [int(v) for v in yt]})
    write("report.json", {"float_next_character_accuracy": accuracy, "held_out_windows": len(starts), "steps": args.steps,
                          "parameters": sum(p.numel() for p in model.parameters()), "alphabet": ALPHABET, "torch": torch.__version__})
    print(f"wrote decoder.onnx; float next-character accuracy on {len(starts)} held-out windows: {accuracy:.4f}")


if __name__ == "__main__":
    main()
