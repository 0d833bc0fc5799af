"""The design stage: turn a validated spec and a template into a design.

Template lookup and merging, theme and fonts, glyph coverage, the language's words and dates,
typography, direction and bidi, the issuing lines.
"""
