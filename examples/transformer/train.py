#!/usr/bin/env python3
"""Train a small vision transformer on Fashion-MNIST and export it to ONNX for zkml4j.

The model (38,474 parameters):
  patches      Conv 7x7, stride 7: 16 patches of 7x7 pixels, each embedded in d = 64
  positions    a learned embedding added to the 16 patches
  encoder      one pre-norm transformer block: LayerNorm, self-attention with 2 heads of 32
               (softmax(Q.K^T / sqrt(32)).V per head, heads concatenated, projected), residual;
               LayerNorm, MLP 64-128-64 with GELU, residual
  classifier   LayerNorm, mean over the 16 positions, Linear 64 -> 10 (logits)

Each head has its own Q, K and V projections, so the exported graph multiplies two computed
matrices per head (Q.K^T, then A.V) without splitting a fused projection.

Outputs (written next to this script):
  transformer.onnx   opset 17 (LayerNormalization; GELU as its Erf formula), input [1, 1, 28, 28]
  input.json         one test image                                  {"input_data": [[784 floats]]}
  calibration.json   32 training images                              {"input_data": [[32*784 floats]]}
  report.json        float test accuracy, epochs, seed

The first 500 test images and their labels are ../fashion-mnist/test-500.json (the same images).
Pixels are scaled to [0, 1]. Run with the Debian system Python (python3-torch 1.13):
  /usr/bin/python3 examples/transformer/train.py [--data /usr/share/datasets/fashion-mnist] [--epochs 6]
"""
import argparse
import gzip
import json
import math
import os
import random

import numpy as np
import torch
import torch.nn as nn

SEED = 0
HERE = os.path.dirname(os.path.abspath(__file__))
D, HEADS, PATCH, MLP = 64, 2, 7, 128


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)


def read_idx(path, images):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if images:
        magic, n, rows, cols = np.frombuffer(data[:16], dtype=">u4")
        assert magic == 2051, f"bad image magic {magic} in {path}"
        return np.frombuffer(data[16:], dtype=np.uint8).reshape(n, rows * cols).astype(np.float32) / 255.0
    magic, n = np.frombuffer(data[:8], dtype=">u4")
    assert magic == 2049, f"bad label magic {magic} in {path}"
    return np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64)


class Head(nn.Module):
    def __init__(self, d, dh):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(d, dh), nn.Linear(d, dh), nn.Linear(d, dh)
        self.scale = 1.0 / math.sqrt(dh)

    def forward(self, x):
        scores = self.q(x) @ self.k(x).transpose(-2, -1) * self.scale
        return torch.softmax(scores, dim=-1) @ self.v(x)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.heads = nn.ModuleList([Head(D, D // HEADS) for _ in range(HEADS)])
        self.project = nn.Linear(D, D)
        self.mlp = nn.Sequential(nn.Linear(D, MLP), nn.GELU(), nn.Linear(MLP, D))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.project(torch.cat([head(h) for head in self.heads], dim=-1))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.patches = nn.Conv2d(1, D, kernel_size=PATCH, stride=PATCH)
        self.positions = nn.Parameter(torch.zeros(1, (28 // PATCH) ** 2, D))
        nn.init.normal_(self.positions, std=0.02)
        self.block = Block()
        self.norm = nn.LayerNorm(D)
        self.classify = nn.Linear(D, 10)

    def forward(self, image):
        x = self.patches(image).flatten(2).transpose(1, 2) + self.positions  # [N, 16, 64]
        x = self.norm(self.block(x))
        return self.classify(x.mean(dim=1))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(torch.from_numpy(x[i:i + 1000]).reshape(-1, 1, 28, 28)) for i in range(0, len(x), 1000)])
    return float((logits.argmax(1).numpy() == y).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=6)
    args = ap.parse_args()
    seed_everything(SEED)
    xtr = read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"), True)
    ytr = read_idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"), False)
    xte = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), True)
    yte = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"), False)

    model = VisionTransformer()
    print("parameters:", sum(p.numel() for p in model.parameters()))
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = args.epochs * (len(xtr) // 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        order = np.random.permutation(len(xtr))
        for i in range(0, len(xtr) - 127, 128):
            idx = order[i:i + 128]
            xb = torch.from_numpy(xtr[idx]).reshape(-1, 1, 28, 28)
            loss = loss_fn(model(xb), torch.from_numpy(ytr[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, test accuracy {accuracy(model, xte, yte):.4f}", flush=True)

    model.eval()
    test_accuracy = accuracy(model, xte, yte)
    torch.onnx.export(model, torch.from_numpy(xte[:1]).reshape(1, 1, 28, 28), os.path.join(HERE, "transformer.onnx"),
                      input_names=["image"], output_names=["logits"], opset_version=17, do_constant_folding=True)

    def write(name, obj):
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(obj, f)

    round6 = lambda a: [round(float(v), 6) for v in a]
    write("input.json", {"input_data": [round6(xte[0])]})
    write("calibration.json", {"input_data": [round6(xtr[:32].reshape(-1))]})
    write("report.json", {"float_test_accuracy": test_accuracy, "epochs": args.epochs, "seed": SEED,
                          "parameters": sum(p.numel() for p in model.parameters()), "torch": torch.__version__})
    print(f"wrote transformer.onnx; float test accuracy {test_accuracy:.4f}")


if __name__ == "__main__":
    main()
