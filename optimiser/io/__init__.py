"""Files in and out, whole or not at all: the one atomic write, the model as MPS and LP, CSV text
blocks, the results folder (its staging, swap and lock) and its manifest."""
