import torch

# From a single number up to a batch of colour images: the same kind of
# object throughout.
examples = {
    "scalar (a loss value)": torch.tensor(3.5),
    "vector (one sample, 3 features)": torch.tensor([1.0, 2.0, 3.0]),
    "matrix (a weight, 2 x 3)": torch.ones(2, 3),
    "3-D (4 sentences, 10 tokens, 16 dims)": torch.zeros(4, 10, 16),
    "4-D (8 RGB images of 32 x 32)": torch.zeros(8, 3, 32, 32),
}
for what, t in examples.items():
    shape = str(tuple(t.shape))
    print(f"{what:<40} ndim={t.ndim}  shape={shape:<15} "
          f"elements={t.nelement()}")
