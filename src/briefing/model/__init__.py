"""The model stage: turn a spec and its design into the resolved brief every output reads.

Ordered blocks with their text, notes, chart data and alt text (types in `model.py`, built by
`resolve.py`).
"""
