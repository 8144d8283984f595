"""The previous report and measures layers, kept running while the new layers are built beside them.

Deleted when the new products replace them; nothing new may import from here.
"""
