# ruff: noqa: E501  (the Typst document below reads best unwrapped)
"""An equivalent Raqqa one-page in Typst markup, from the same spec text, for the benchmark.

`#sys.inputs.run` changes on every compile so that Typst's memoisation cannot skip work.
"""

from __future__ import annotations

import re

from briefing.spec.markup import to_plain
from briefing.spec.spec import Spec


def _text(value: str) -> str:
    return re.sub(r"([\\#*_`$<>@\[\]=~/-])", r"\\\1", value)


def typst_source(spec: Spec) -> str:
    figures = ", ".join(
        f'[#text(size: 24pt, weight: "bold", fill: accent)[{_text(f.value)}] \\ '
        f"#text(size: 8pt)[{_text(f.label)}]]"
        for f in spec.figures
    )
    findings = "\n".join(
        f"*{_text(f.heading)}* \\ {_text(to_plain(f.text))}\n" for f in spec.findings
    )
    quote = spec.quotes[0] if spec.quotes else None
    demands = "\n".join(f"+ {_text(d.text)}" for d in spec.demands)
    sources = "\n".join(f"{n}. {_text(s.title)}" for n, s in enumerate(spec.sources, start=1))
    return f"""
#let accent = rgb("#a3161a")
#set page(paper: "a4", margin: 15mm, footer: text(size: 7.5pt)[{_text(" and ".join(spec.organisations))} · run #sys.inputs.at("run", default: "0")])
#set text(font: "Noto Serif", size: 9.5pt, lang: "en")
#set par(leading: 0.45em)
#text(font: "Noto Sans", size: 8pt, weight: "bold", fill: accent)[{_text(" · ".join(spec.organisations).upper())}]

#text(font: "Noto Sans", size: 25pt, weight: "bold")[{_text(spec.title)}]

#text(font: "Noto Sans", size: 11pt)[{_text(spec.subtitle or "")}]

#set text(font: "Noto Sans")
#grid(columns: ({", ".join(["1fr"] * max(len(spec.figures), 1))}), gutter: 8pt, {figures})
#set text(font: "Noto Serif")
#grid(columns: (62%, 1fr), gutter: 18pt,
[#text(size: 10.5pt)[{_text(to_plain(spec.summary))}]

{findings}],
[#text(style: "italic", size: 12.5pt)[“{_text(quote.text) if quote else ""}”] \\ #text(font: "Noto Sans", size: 8pt)[— {_text(quote.speaker) if quote else ""}]

#block(fill: rgb("#f2efe9"), inset: 10pt)[#text(font: "Noto Sans", size: 8.5pt)[*What we ask*
{demands}]]])

#text(font: "Noto Sans", size: 7pt)[{sources}]
"""
