"""The pipeline both products use: kernels, one render job, a batch of many, and the index."""
