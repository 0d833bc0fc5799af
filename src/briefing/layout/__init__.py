"""The layout stage: turn a spec and its design into PDF pages.

Flowables for each block, charts, the one-page grid and its fitting, the multi-page story and its
pagination, running heads and footers, and the PDF's structure tags.
"""
