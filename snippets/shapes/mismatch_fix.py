import torch

b = torch.arange(10, 70, 10).reshape(2, 3)

# Transposing one side makes the inner dimensions agree; which side you
# transpose decides the result's shape.
gram_rows = b @ b.T   # b on the left
gram_cols = b.T @ b   # b.T on the left
print("b @ b.T:", tuple(gram_rows.shape))
print(gram_rows)
print("b.T @ b:", tuple(gram_cols.shape))
print(gram_cols)
