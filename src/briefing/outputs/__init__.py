"""The outputs stage: turn the resolved brief and the PDF into files of every format.

Text and Markdown, HTML, page pictures, the share card, and writing them atomically as a set.
"""
