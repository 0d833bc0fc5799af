"""Turn a planned build into the problems that stop it before anything is laid out: a
citation whose note no layout shows, an audience the template lacks, a mail-merge placeholder
outside a mail-merge.

`build.plan` calls these, and so `check` refuses what `make` would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Problem, printable
from ..spec.validate import LoadedSpec

if TYPE_CHECKING:
    from ..design.design import Design
    from ..design.template import LoadedTemplate


_CITING: dict[str, Any] = {
    "figures": lambda spec: any(f.source for f in spec.figures),
    "findings": lambda spec: any(f.sources for f in spec.findings),
    "quote": lambda spec: bool(spec.quotes and spec.quotes[0].source),
    "quotes": lambda spec: any(q.source for q in spec.quotes),
    "charts": lambda spec: any(c.source for c in spec.charts),
}
"""Blocks that print citations, and whether a spec gives them any to print."""


def check_notes(
    view: LoadedSpec,
    tpl: LoadedTemplate,
    design: Design,
    audience: str | None,
    *,
    layouts: set[str],
) -> None:
    """A layout that prints citations shows the notes they point to (`sources`): a citation
    with no note is a number that leads nowhere, and a link to a missing anchor breaks the PDF."""
    from ..design.template import locate
    from ..errors import SpecError

    one_page = design.one_page
    regions = (one_page.top, one_page.main, one_page.side, one_page.bottom)
    shown: dict[str, list[str]] = {
        "one-page": [str(block) for region in regions for block in region or []],
        "multi-page": list(design.multi_page),
    }
    for layout in sorted(layouts):
        blocks = shown[layout]
        citing = [b for b in blocks if b in _CITING and _CITING[b](view.spec)]
        if citing and "sources" not in blocks:
            key = "one_page" if layout == "one-page" else "multi_page"
            places = [f"audiences.{audience}.{key}"] if audience else []
            key_path, where = locate(tpl, [*places, f"layout.{key}"])
            raise SpecError(
                [
                    Problem(
                        where,
                        key_path,
                        f"the {layout} brief shows {', '.join(citing)}, which cite sources, but "
                        "not `sources`, where their notes are; add `sources` to these blocks",
                    )
                ]
            )


def check_asked(audiences: list[str | None], tpl: LoadedTemplate) -> None:
    """Every audience asked for on the command line is one the template has."""
    import difflib

    from ..errors import BriefingError

    known = list(tpl.template.audiences)
    for name in audiences:
        if name is not None and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise BriefingError(
                f"briefing: --audience {printable(name)}: template {tpl.name!r} has no such "
                f"audience (its audiences: {', '.join(known) or 'none'}){hint}"
            )


def check_filled(loaded: LoadedSpec, *, texts: Sequence[tuple[str, str]]) -> None:
    """No `{{field}}` is left to print: outside a mail-merge, a placeholder is an error.
    `texts` are the spec's texts with their key paths (`walker.strings`)."""
    from ..errors import Problem, SpecError
    from ..spec.recipients import placeholders_in

    problems = [
        Problem(
            loaded.where(key_path),
            key_path,
            f"{{{{{name}}}}} is filled only in a mail-merge: build with --recipients FILE, a "
            f"list with a {name!r} column, or write the text out",
        )
        for name, key_paths in placeholders_in(texts).items()
        for key_path in key_paths
    ]
    if problems:
        raise SpecError(problems)
