#!/usr/bin/env python3
"""Train two small Fashion-MNIST classifiers and export them to ONNX for zkml4j.

Outputs (written next to this script):
  mlp.onnx          784-256-128-10 MLP with ReLU, input [1, 784]
  cnn.onnx          2x(Conv3x3-ReLU-MaxPool2) + 2 Linear, input [1, 1, 28, 28]
  input.json        one test image, flattened, for the MLP     {"input_data": [[784 floats]]}
  input-cnn.json    the same image (CNN reshapes it row-major to [1,1,28,28])
  calibration.json  32 training images in one flat list         {"input_data": [[32*784 floats]]}
  test-500.json     first 500 test images + labels             {"input_data": [[500*784]], "labels": [500]}

Pixels are scaled to [0, 1] (x / 255) with no mean/std normalisation.
The outputs are raw logits (no Softmax).

Run with the Debian system Python (torch 1.13, onnx 1.12):
  /usr/bin/python3 examples/fashion-mnist/train.py [--data /usr/share/datasets/fashion-mnist]
"""
import argparse
import gzip
import json
import os
import random

import numpy as np
import onnx
import torch
import torch.nn as nn

SEED = 0
HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
INPUT_INDEX = 0  # which test image goes into input.json / input-cnn.json


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)


# ---------------------------------------------------------------- data loading
def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = np.frombuffer(data[:16], dtype=">u4")
    assert magic == 2051, f"bad image magic {magic} in {path}"
    return np.frombuffer(data[16:], dtype=np.uint8).reshape(n, rows * cols)


def read_idx_labels(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = np.frombuffer(data[:8], dtype=">u4")
    assert magic == 2049, f"bad label magic {magic} in {path}"
    return np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64)


def load(data_dir):
    xtr = read_idx_images(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))
    ytr = read_idx_labels(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"))
    xte = read_idx_images(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))
    yte = read_idx_labels(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))
    # [0, 255] -> [0, 1], float32, shape [N, 784]
    return (xtr.astype(np.float32) / 255.0, ytr,
            xte.astype(np.float32) / 255.0, yte)


# ---------------------------------------------------------------- models
def make_mlp():
    return nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


def make_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16x14x14
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32x7x7
        nn.Flatten(),                                                             # 1568
        nn.Linear(32 * 7 * 7, 64), nn.ReLU(),
        nn.Linear(64, 10),
    )


def n_params(model):
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------- training
def train(model, x, y, shape, epochs, batch_size=64, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        total = 0.0
        for i in range(0, len(xt), batch_size):
            idx = perm[i:i + batch_size]
            xb = xt[idx].reshape(-1, *shape)
            loss = loss_fn(model(xb), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}/{epochs}: train loss {total / len(xt):.4f}")


@torch.no_grad()
def accuracy(model, x, y, shape):
    model.eval()
    pred = model(torch.from_numpy(x).reshape(-1, *shape)).argmax(dim=1).numpy()
    return float((pred == y).mean())


# ---------------------------------------------------------------- export
def export(model, shape, path):
    model.eval()
    dummy = torch.zeros(1, *shape)
    torch.onnx.export(
        model, dummy, path,
        opset_version=13,
        do_constant_folding=True,
        input_names=["input"],
        output_names=["logits"],
    )  # no dynamic_axes: batch size fixed at 1
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = [n.op_type for n in m.graph.node]
    print(f"  {os.path.basename(path)}: {os.path.getsize(path)} bytes, ops: {ops}")
    return ops


def round6(values):
    """Round floats to 6 significant digits (pixels are k/255 anyway)."""
    return [float(f"{v:.6g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def write_json(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(f"  {name}: {os.path.getsize(path)} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--mlp-epochs", type=int, default=3)
    ap.add_argument("--cnn-epochs", type=int, default=2)
    args = ap.parse_args()

    seed_everything(SEED)
    xtr, ytr, xte, yte = load(args.data)
    print(f"train {xtr.shape}, test {xte.shape}")

    print(f"MLP ({n_params(make_mlp())} parameters)")
    torch.manual_seed(SEED)
    mlp = make_mlp()
    train(mlp, xtr, ytr, (784,), args.mlp_epochs)
    mlp_acc = accuracy(mlp, xte, yte, (784,))
    print(f"  MLP test accuracy: {mlp_acc:.4f}")
    export(mlp, (784,), os.path.join(HERE, "mlp.onnx"))

    print(f"CNN ({n_params(make_cnn())} parameters)")
    torch.manual_seed(SEED)
    cnn = make_cnn()
    train(cnn, xtr, ytr, (1, 28, 28), args.cnn_epochs)
    cnn_acc = accuracy(cnn, xte, yte, (1, 28, 28))
    print(f"  CNN test accuracy: {cnn_acc:.4f}")
    export(cnn, (1, 28, 28), os.path.join(HERE, "cnn.onnx"))

    # ---- sample inputs
    img = xte[INPUT_INDEX]
    label = int(yte[INPUT_INDEX])
    with torch.no_grad():
        mlp_pred = int(mlp(torch.from_numpy(img).reshape(1, 784)).argmax())
        cnn_pred = int(cnn(torch.from_numpy(img).reshape(1, 1, 28, 28)).argmax())
    print(f"input.json = test image #{INPUT_INDEX}: label {label} ({CLASSES[label]}), "
          f"MLP predicts {mlp_pred} ({CLASSES[mlp_pred]}), CNN predicts {cnn_pred} ({CLASSES[cnn_pred]})")
    write_json("input.json", {"input_data": [round6(img)]})
    write_json("input-cnn.json", {"input_data": [round6(img)]})
    write_json("calibration.json", {"input_data": [round6(xtr[:32])]})
    write_json("test-500.json", {"input_data": [round6(xte[:500])],
                                 "labels": [int(v) for v in yte[:500]]})


if __name__ == "__main__":
    main()
