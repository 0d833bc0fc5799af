"""Turn a name into a commented starter spec on disk (`briefing new NAME`) that builds as it is.

The starter shows every common field with a comment saying what it is for, filled with an
invented example (a fictional place, organisation and people) so that it fills a one-page brief
as a real one would; each text says `[Replace: ...]` what to write there, so a brief built from
it unchanged is obviously a draft.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BriefingError
from .schema import SCHEMA_FILE, write_spec_schema

SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}"
"""Tells an editor's YAML extension where the spec schema is: a path relative to the spec, so
it works offline and moves with the folder."""

STARTER = (
    SCHEMA_LINE
    + """
# A briefing spec. Build it with:   briefing make {name}.yaml
# Check it without building:        briefing check {name}.yaml
#
# This starter is filled with an invented example (Riverton, the Example Rights Group and
# everyone named here are fictional) so that you see a full page. Replace every text marked
# [Replace: ...] and every number with your own, and delete what you do not need.
# Every field is described by `briefing reference` (and, in an editor with a YAML extension,
# as you type: the first line points it at the schema). Text prints exactly as typed; in the
# summary, findings, demands and lists you may use **bold**, *italic* and
# [a link](https://example.org). A blank line starts a new paragraph.

# The headline states the finding, not the topic.
title: "[Replace: the finding] 240 families evicted in Riverton without notice"
# One sentence under the headline: who found it, and how.
subtitle: >-
  [Replace: who found it and how] The Example Rights Group interviewed 85 evicted residents
  and compared satellite images of the district before and after the demolitions.
date: 2026-01-15                  # YYYY-MM-DD
dateline: Riverton                # where the brief is issued from
organisations: [Example Rights Group]
# logo: assets/logo.png           # PNG, JPEG or SVG, relative to this file

summary: >-
  [Replace: what happened, how many, who is responsible.] Between March and May, the
  authorities of the fictional Riverton district demolished the homes of **240 families**
  without written notice, a hearing or compensation. Most families now live in tents on the
  edge of the district, and nearly half of their children have stopped going to school.
  The district council says the land is needed for a new road; no plan for the road has
  been published.

# Three to five key figures, each with a one-line label and the id of its source. A chart
# plots a figure by its id.
figures:
  - {{id: families, value: "240", label: families evicted between March and May, source: report}}
  - {{id: notice, value: "0", label: families given written notice, source: report}}
  - {{id: school, qualifier: nearly, value: 45%, label: of their children out of school,
     source: survey}}
  - {{id: interviewed, value: "85", label: evicted residents interviewed, source: report}}

# Charts draw the figures: bars, grouped-bars or proportion.
charts:
  - kind: bars
    title: "[Replace: what the chart shows] Families evicted and families compensated"
    bars:
      - {{figure: families, label: Evicted}}
      - {{label: Compensated, value: 0}}
    axis: families in Riverton district, March to May
    source: report
  - kind: proportion
    title: Children of evicted families out of school
    part: school
    source: survey

findings:                         # the most important first
  - heading: "[Replace: a finding in a few words] No notice, no hearing"
    text: >-
      [Replace: the evidence, in a paragraph.] None of the 85 residents interviewed received
      written notice before the bulldozers arrived. Most learned of the demolition the same
      morning and had less than an hour to carry out their belongings.
    sources: [report]
  - heading: No compensation and nowhere to go
    text: >-
      No family has been compensated or offered another home. The council's only offer, a
      plot 40 kilometres away, has no water supply and no school.
    sources: [report]
  - heading: Children pay the highest price
    text: >-
      Nearly half of the children of evicted families have stopped going to school since the
      demolitions, because the nearest school is now too far to walk to.
    sources: [survey]

quotes:                           # the first quote is the pull quote
  - text: >-
      [Replace: words exactly as said, without quotation marks] They gave us one hour. My
      children watched our house come down
    speaker: A resident of Riverton (name withheld)
    role: "[Replace: role] mother of three, interviewed in June"
    source: report

demands:                          # each begins with a verb
  - to: [the Riverton District Council]
    text: >-
      [Replace: begin with a verb] Stop all demolitions until every family has had notice,
      a hearing and an offer of adequate housing.
  - to: [the Riverton District Council]
    text: Compensate every evicted family for the home and belongings it lost.
  - to: [the Ministry of Education]
    text: Provide transport so that every child of an evicted family can return to school.

sources:                          # numbered in this order
  - id: report
    title: "[Replace: title] No notice, no home: evictions in Riverton"
    publisher: Example Rights Group
    date: "2026"
    url: https://example.org/riverton-report
    qr: true                      # print a QR code for the address
  - id: survey
    title: "[Replace: title] Household survey of evicted families"
    publisher: Example Rights Group
    date: "2026"

contacts:
  - name: "[Replace: name] Press office"
    role: Example Rights Group
    email: press@example.org
    phone: +00 000 000 000

# Content for one audience only (journalist, advocate, policymaker); build with
#   briefing make {name}.yaml --audience journalist     or     --all-audiences
audiences:
  journalist:
    release: For immediate release
    notes_to_editors:
      - "[Replace: background a journalist needs, one point per line.]"
  advocate:
    talking_points:
      - "[Replace: a short point campaigners can repeat.]"
    targets:
      - "[Replace: who can act on the demands.]"
  policymaker:
    methodology: >-
      [Replace: how the findings were established, in a paragraph.] Researchers interviewed
      85 evicted residents in June and compared satellite images taken before and after the
      demolitions.
"""
)


def write_starter(name: str, *, folder: Path | None = None) -> Path:
    """Write `NAME.yaml` in `folder` (default: the current folder), and the spec schema its
    first line names (`.briefing/spec.schema.json`, refreshed); refuse to overwrite a spec."""
    stem = name.removesuffix(".yaml")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", stem):
        raise BriefingError(
            f"{name}: a spec name may hold letters, digits, '-', '_' and '.', and no folders"
        )
    path = (folder / f"{stem}.yaml") if folder else Path(f"{stem}.yaml")
    if path.exists():
        raise BriefingError(f"{path}: already exists; choose another name or remove it")
    try:
        write_spec_schema(path.parent)
    except OSError as err:
        raise BriefingError(
            f"{path.parent / SCHEMA_FILE}: cannot write the schema for editors ({err.strerror})"
        ) from None
    path.write_text(STARTER.format(name=stem), encoding="utf-8")
    return path
