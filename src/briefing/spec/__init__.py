"""The spec stage: turn YAML text into a validated spec.

Located nodes, the declared schema and its walker, checks across fields, citations, numbers as
languages write them, inline markup, assets and SVG, translations and recipients.
"""
