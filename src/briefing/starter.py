"""Turn a name into a commented starter spec on disk (`briefing new NAME`) that builds as it is.

The starter shows every common field with a comment saying what it is for; its text is
placeholder text that says what to write there, so a brief built from it unchanged is obviously
a draft.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BriefingError

STARTER = """\
# A briefing spec. Build it with:   briefing make {name}.yaml
# Check it without building:        briefing check {name}.yaml
# Every field is described in the README ("Spec reference"). Text prints exactly as typed;
# in summary, findings, demands and lists you may use **bold**, *italic* and
# [a link](https://example.org). A blank line starts a new paragraph.

# The headline states the finding, not the topic.
title: Write the finding here, in one line a reader can repeat
# One sentence under the headline: who found it, and how.
subtitle: Say who found it and how, in one sentence.
date: 2026-01-15                  # YYYY-MM-DD
dateline: City                    # where the brief is issued from
organisations: [Your organisation]
# logo: assets/logo.png           # PNG or JPEG, relative to this file

summary: >-
  Two or three sentences: what happened, how many people it affected, who is responsible.

# Three to five key figures, each with a one-line label and the id of its source.
figures:
  - {{value: "100", label: what the first figure counts, source: report}}
  - {{qualifier: about, value: 50%, label: what the second figure counts, source: report}}
  - {{value: "3", label: what the third figure counts, source: report}}

findings:
  - heading: The first finding, stated in a few words
    text: >-
      The evidence for it, in a paragraph. Cite sources by id in `sources`.
    sources: [report]

quotes:                           # the first quote is the pull quote
  - text: The words exactly as said, without quotation marks
    speaker: Name Surname
    role: Role, Organisation
    source: report

demands:                          # each begins with a verb
  - to: [the Government of Country]
    text: Begin with a verb and say what must be done.

sources:
  - id: report
    title: Title of the report
    publisher: Your organisation
    date: "2026"
    # url: https://example.org/report

contacts:
  - name: Press office
    role: Your organisation
    email: press@example.org

# Content for one audience only (journalist, advocate, policymaker); build with
#   briefing make {name}.yaml --audience journalist     or     --all-audiences
audiences:
  journalist:
    release: For immediate release
    notes_to_editors:
      - Background a journalist needs, one point per line.
  advocate:
    talking_points:
      - A short point campaigners can repeat.
    targets:
      - Who can act on the demands.
  policymaker:
    methodology: How the findings were established, in a paragraph.
"""


def write_starter(name: str, *, folder: Path | None = None) -> Path:
    """Write `NAME.yaml` in `folder` (default: the current folder); refuse to overwrite."""
    stem = name.removesuffix(".yaml")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", stem):
        raise BriefingError(
            f"{name}: a spec name may hold letters, digits, '-', '_' and '.', and no folders"
        )
    path = (folder / f"{stem}.yaml") if folder else Path(f"{stem}.yaml")
    if path.exists():
        raise BriefingError(f"{path}: already exists; choose another name or remove it")
    path.write_text(STARTER.format(name=stem), encoding="utf-8")
    return path
