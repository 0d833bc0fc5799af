"""Turn the end of a press release into its block: "ENDS", in the brief's language, on a line
under the story, which tells an editor that what follows (media contacts, notes to editors,
sources) is not for print.

The press release's other parts need no block of their own: the embargo and release lines sit
in the masthead (`masthead.py`), and the media contacts are the `contacts` block, which the
catalogue heads "Media contacts" for the journalist audience. Templates place `ends` like any
other block (`sections.BUILDERS`).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from .blocks import text
from .guards import BlockMarker
from .sections import BlockContext

ENDS_SPACE = 10.0
"""Points above and below "ENDS"."""


def ends(ctx: BlockContext) -> list[Flowable]:
    """ "ENDS" on a line of its own after the story, in the catalogue's word; nothing on a
    brief with no story to end."""
    if not ctx.spec.summary:
        return []
    theme = ctx.design.theme
    mark = text(ctx.words.say("press.ends"), theme, "press.ends")
    mark.keepWithNext = False
    return [
        BlockMarker("ends"),
        Spacer(0, theme.space(ENDS_SPACE)),
        mark,
        Spacer(0, theme.space(ENDS_SPACE)),
    ]
