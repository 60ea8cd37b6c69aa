# --8<-- [start:inputs]
import torch

a = torch.arange(1, 7).reshape(3, 2)        # 1..6 in 3 rows of 2
b = torch.arange(10, 70, 10).reshape(2, 3)  # 10..60 in 2 rows of 3
print("a:", tuple(a.shape))
print(a)
print("b:", tuple(b.shape))
print(b)
# --8<-- [end:inputs]

# --8<-- [start:predict]
def matmul_shape(left, right):
    """The shape of left @ right for two matrices, from the shapes alone."""
    (rows, inner_left), (inner_right, cols) = left, right
    if inner_left != inner_right:
        return (f"no result: inner dimensions {inner_left} and "
                f"{inner_right} differ")
    return (rows, cols)


predicted = matmul_shape(tuple(a.shape), tuple(b.shape))
print("predicted shape of a @ b:", predicted)
# --8<-- [end:predict]

# --8<-- [start:compute]
c = a @ b
print("c = a @ b:", tuple(c.shape))
print(c)
prediction_right = tuple(c.shape) == predicted
print("prediction was right:", prediction_right)

# One entry by hand: row 0 of a against column 0 of b.
corner = int(a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0])
print(f"c[0, 0] = {a[0, 0]}*{b[0, 0]} + {a[0, 1]}*{b[1, 0]} = {corner}")
# --8<-- [end:compute]

# --8<-- [start:more]
# Predict first, then check, for more products of the same two tensors.
for name, left, right in [("b @ a", b, a), ("a @ a.T", a, a.T),
                          ("a @ a", a, a)]:
    guess = matmul_shape(tuple(left.shape), tuple(right.shape))
    shapes = f"{str(tuple(left.shape)):>7} @ {str(tuple(right.shape)):<7}"
    print(f"{name:<8} {shapes} -> {guess}")
# --8<-- [end:more]
