"""numpy.loadtxt of one CSV file of images (header line, label first), as a Python user would
load MNIST-in-CSV: the reference for softmax4j's CSV reading in bench/run.sh.

Usage: csv_numpy.py FILE [DTYPE]
DTYPE is numpy.loadtxt's dtype: float64 (its default, what a plain call gives) or uint8.
Prints one 'RESULT load_s=... examples=... pixel_sum=...' line.
"""
import sys
import time

import numpy as np


def main():
    start = time.perf_counter()
    dtype = sys.argv[2] if len(sys.argv) > 2 else "float64"
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=dtype)
    seconds = time.perf_counter() - start
    print("RESULT load_s=%.3f examples=%d pixel_sum=%d" % (seconds, data.shape[0], int(data[:, 1:].astype(np.int64).sum())),
          flush=True)


if __name__ == "__main__":
    main()
