"""Checks of the numbers the statistics receive: counts of people, levels, probabilities.

A fault here is a fault of the caller's input, so it raises ``ValueError`` naming the argument and
the value; the measures layer turns data faults into messages for analysts long before this point.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_counts(*values: object, names: tuple[str, ...] = ("x1", "n1", "x2", "n2")) -> tuple[np.ndarray, ...]:
    """Arrays of whole numbers ≥ 0 (as floats), broadcast to one shape, cases never above denominators.

    ``values`` come in (cases, denominator) pairs.

    Examples
    --------
    >>> [a.tolist() for a in as_counts(3, [10, 20], 1, 4)]
    [[3.0, 3.0], [10.0, 20.0], [1.0, 1.0], [4.0, 4.0]]
    >>> as_counts(5, 4, 1, 2)
    Traceback (most recent call last):
    ...
    ValueError: x1 (cases) must not exceed n1 (its denominator): 5.0 > 4.0
    """
    arrays = []
    for name, value in zip(names, values, strict=False):
        if isinstance(value, bool) or (isinstance(value, np.ndarray) and value.dtype == bool):
            raise ValueError(f"{name} must be a whole number of people, not a boolean")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a whole number of people, got {value!r}") from None
        if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array != np.round(array)):
            raise ValueError(f"{name} must hold whole numbers 0 or more, got {value!r}")
        arrays.append(array)
    arrays = list(np.broadcast_arrays(*arrays))
    for i in range(0, len(arrays) - 1, 2):
        over = arrays[i] > arrays[i + 1]
        if np.any(over):
            k = int(np.argmax(over.ravel()))
            raise ValueError(f"{names[i]} (cases) must not exceed {names[i + 1]} (its denominator): "
                             f"{arrays[i].ravel()[k]} > {arrays[i + 1].ravel()[k]}")
    return tuple(np.atleast_1d(a).astype(float) for a in arrays)


def check_level(level: object) -> float:
    """A confidence level strictly between 0 and 1.

    Examples
    --------
    >>> check_level(0.95)
    0.95
    """
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)


def check_probabilities(values: object, name: str = "p-values") -> np.ndarray:
    """A 1-d array of probabilities in [0, 1] (NaN allowed: it marks a test that was not made)."""
    array = np.asarray(values, dtype=float).ravel()
    finite = array[~np.isnan(array)]
    if np.any((finite < 0) | (finite > 1)):
        raise ValueError(f"{name} must lie between 0 and 1, got {values!r}")
    return array
