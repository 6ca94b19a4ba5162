"""The reference recipe written the fast way in PyTorch: the dataset as tensors in memory (no
DataLoader, no torchvision), one thread, the same model and recipe as reference_pytorch.py:
nn.Linear(784, 10) with normal(0, 0.01) weights and zero bias, CrossEntropyLoss, SGD lr 0.005,
batches of 256 in a seeded shuffled order, 10 epochs, the train loss and accuracy of each batch
as trained and the test accuracy after every epoch. Pixels become float32 / 255 once, inside the
timed part (as in numpy_loop.py).

Usage: fast_pytorch.py MNIST_DIR [EPOCHS]
Prints the epoch lines and one 'RESULT train_s=... test_acc=...' line.
"""
import os
import sys
import time

import torch
from torch import nn
from torch.nn import init


def read_idx(path, header):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.uint8)[header:]


def main():
    torch.set_num_threads(1)
    torch.manual_seed(42)
    data_dir = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    x_train = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 16).view(-1, 784)
    y_train = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 8).long()
    x_test = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte"), 16).view(-1, 784)
    y_test = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte"), 8).long()
    start = time.perf_counter()
    xs = x_train.float().div_(255)
    xt = x_test.float().div_(255)
    net = nn.Linear(784, 10)
    init.normal_(net.weight, mean=0, std=0.01)
    init.constant_(net.bias, val=0)
    loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.005)
    n_all = len(y_train)
    test_acc = 0.0
    for epoch in range(epochs):
        order = torch.randperm(n_all)
        loss_sum, correct = 0.0, 0
        for s in range(0, n_all, 256):
            sel = order[s:s + 256]
            x, y = xs[sel], y_train[sel]
            y_hat = net(x)
            l = loss(y_hat, y)
            optimizer.zero_grad()
            l.backward()
            optimizer.step()
            loss_sum += l.item() * len(y)
            correct += (y_hat.argmax(dim=1) == y).sum().item()
        with torch.no_grad():
            test_acc = (net(xt).argmax(dim=1) == y_test).float().mean().item()
        print("epoch %d, loss %.4f, train acc %.3f, test acc %.3f"
              % (epoch + 1, loss_sum / n_all, correct / n_all, test_acc), flush=True)
    print("RESULT train_s=%.3f test_acc=%.4f" % (time.perf_counter() - start, test_acc), flush=True)


if __name__ == "__main__":
    main()
