"""A small least-recently-used memo shared by the reader and the benchmark (no dependencies)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


def remember(cache: OrderedDict, key: Hashable, make: Callable[[], T], size: int) -> T:
    """The cached value for ``key``, made once with ``make``; the cache keeps the ``size`` most recent.

    Examples
    --------
    >>> cache = OrderedDict()
    >>> remember(cache, "a", lambda: 1, size=2), remember(cache, "a", lambda: 2, size=2)
    (1, 1)
    """
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = make()
    cache[key] = value
    while len(cache) > size:
        cache.popitem(last=False)
    return value
