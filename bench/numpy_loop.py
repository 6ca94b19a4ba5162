"""The minimal numpy loop: the reference recipe's math and nothing else (a floor for this
hardware). Pixels are converted to float32 once up front (188 MB for MNIST's training set);
per batch of 256: logits = XW + b, softmax, mean cross-entropy, the gradient (P - Y) / n, one SGD
step with lr 0.005; the train accuracy on each batch as trained and the test accuracy after every
epoch, as the reference measures them. Weights normal(0, 0.01), zero bias, seeded shuffling.

Usage: numpy_loop.py MNIST_DIR [EPOCHS] [TRAIN_EXAMPLES]
TRAIN_EXAMPLES subsets (or repeats) the training set, for the scaling table.
Prints the epoch lines and one 'RESULT train_s=... test_acc=...' line.
"""
import os
import sys
import time

import numpy as np


def read_idx(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def main():
    data_dir = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    x_train = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 16).reshape(-1, 784)
    y_train = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 8).astype(np.int64)
    x_test = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte"), 16).reshape(-1, 784)
    y_test = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte"), 8).astype(np.int64)
    if len(sys.argv) > 3:
        idx = np.arange(int(sys.argv[3])) % len(y_train)
        x_train, y_train = x_train[idx], y_train[idx]
    start = time.perf_counter()
    xs = x_train.astype(np.float32) / np.float32(255)
    xt = x_test.astype(np.float32) / np.float32(255)
    rng = np.random.default_rng(42)
    w = (rng.standard_normal((784, 10)) * 0.01).astype(np.float32)
    b = np.zeros(10, dtype=np.float32)
    lr = np.float32(0.005)
    n_all = len(y_train)
    test_acc = 0.0
    for epoch in range(epochs):
        order = rng.permutation(n_all)
        loss_sum, correct = 0.0, 0
        for s in range(0, n_all, 256):
            sel = order[s:s + 256]
            x, y = xs[sel], y_train[sel]
            n = len(y)
            z = x @ w + b
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            p = e / e.sum(axis=1, keepdims=True)
            loss_sum -= np.log(p[np.arange(n), y]).sum()
            correct += int((p.argmax(axis=1) == y).sum())
            p[np.arange(n), y] -= 1
            p /= n
            w -= lr * (x.T @ p)
            b -= lr * p.sum(axis=0)
        test_acc = float(((xt @ w + b).argmax(axis=1) == y_test).mean())
        print("epoch %d, loss %.4f, train acc %.3f, test acc %.3f"
              % (epoch + 1, loss_sum / n_all, correct / n_all, test_acc), flush=True)
    print("RESULT train_s=%.3f test_acc=%.4f" % (time.perf_counter() - start, test_acc), flush=True)


if __name__ == "__main__":
    main()
