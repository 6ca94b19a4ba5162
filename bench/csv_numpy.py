"""numpy.loadtxt of one CSV file of images (header line, label first), as a Python user would
load MNIST-in-CSV: the reference for softmax4j's CSV reading in bench/run.sh.

Usage: csv_numpy.py FILE
Prints one 'RESULT load_s=... examples=... pixel_sum=...' line.
"""
import sys
import time

import numpy as np


def main():
    start = time.perf_counter()
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=np.uint8)
    seconds = time.perf_counter() - start
    print("RESULT load_s=%.3f examples=%d pixel_sum=%d" % (seconds, data.shape[0], int(data[:, 1:].sum(dtype=np.int64))),
          flush=True)


if __name__ == "__main__":
    main()
