"""Turn a design's palette into the HTML brief's style: its colours made legible (WCAG AA
contrast for text, 3:1 for the bars of a chart) and the stylesheet, screen and print, written
for the brief's direction.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..design.theme import DEFAULT_COLORS
from ..layout.charts import SERIES_COLORS

AA = 4.5
"""The contrast WCAG AA asks of text against its background."""
GRAPHICS = 3.0
"""The contrast WCAG AA asks of the parts of a graphic against what is around them."""
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _rgb(color: str) -> tuple[float, float, float]:
    return (int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255)


def luminance(color: str) -> float:
    """The relative luminance of `#rrggbb` (WCAG 2)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _mix(color: str, toward: str, amount: float) -> str:
    mixed = (a + (b - a) * amount for a, b in zip(_rgb(color), _rgb(toward), strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def legible(colors: dict[str, str]) -> dict[str, str]:
    """The palette the HTML uses: `tint` lightened until black text reads on it at 7:1, then
    `ink`, `muted`, `accent` and `link` darkened until each reads at 4.5:1 on the tint (so on
    white too), and the colours of a chart's series (`series0`...) until each stands out from
    white at 3:1."""
    palette = {
        name: colors.get(name, "") if _HEX.fullmatch(colors.get(name, "")) else default
        for name, default in DEFAULT_COLORS.items()
    }
    palette = {name: color.lower() for name, color in palette.items()}
    palette["tint"] = _until(palette["tint"], "#ffffff", lambda c: contrast(c, "#000000") >= 7)
    for name in ("ink", "muted", "accent", "link"):
        palette[name] = _until(
            palette[name], "#000000", lambda c: contrast(c, palette["tint"]) >= AA
        )
    for index, name in enumerate(SERIES_COLORS):
        palette[f"series{index}"] = _until(
            palette[name], "#000000", lambda c: contrast(c, "#ffffff") >= GRAPHICS
        )
    return palette


def _until(color: str, toward: str, good: Callable[[str], bool]) -> str:
    """`color` mixed toward `toward` by the least twentieth that makes it `good`."""
    for step in range(21):
        mixed = _mix(color, toward, step / 20)
        if good(mixed):
            return mixed
    return toward


def stylesheet(colors: dict[str, str], direction: str) -> str:
    start = "right" if direction == "rtl" else "left"
    end = "left" if direction == "rtl" else "right"
    serif = (
        '"Amiri", "Noto Naskh Arabic", "Noto Sans Arabic", serif'
        if direction == "rtl"
        else 'Georgia, "Noto Serif", "Times New Roman", serif'
    )
    sans = 'system-ui, "Noto Sans", "Segoe UI", Arial, sans-serif'
    c = colors
    return f"""
:root {{ color-scheme: light; }}
body {{ margin: 0; background: #ffffff; color: {c["ink"]}; font: 1.0625rem/1.55 {serif}; }}
main {{ max-width: 42rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }}
header {{ border-bottom: 3px solid {c["accent"]}; margin-bottom: 1.5rem; padding-bottom: 1rem; }}
h1, h2, h3, .document, .kicker, .figures, figcaption, table, .ends {{ font-family: {sans}; }}
h1 {{ font-size: 2rem; line-height: 1.2; margin: 0.3rem 0 0.6rem; }}
h2 {{ color: {c["accent"]}; font-size: 1rem; text-transform: uppercase; margin: 2rem 0 0.6rem; }}
h2:lang(en), h2:lang(fr), h2:lang(es) {{ letter-spacing: 0.04em; }}
h3 {{ font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }}
.document, .meta, .dek, .translated, .context, figcaption, .notes {{ color: {c["muted"]}; }}
.document, .meta {{ font-size: 0.85rem; margin: 0.1rem 0; }}
.kicker {{ color: {c["accent"]}; font-weight: bold; font-size: 0.9rem; margin: 0.4rem 0; }}
.dek {{ font-size: 1.15rem; margin: 0.4rem 0; }}
a {{ color: {c["link"]}; }}
sup a {{ padding: 0 0.1em; }}
.figures {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
  gap: 0.75rem; margin: 0; }}
.figures:has(> :nth-child(4):last-child) {{ grid-template-columns: repeat(2, 1fr); }}
.figures div {{ display: flex; flex-direction: column-reverse; justify-content: flex-end;
  background: {c["tint"]}; padding: 0.6rem 0.75rem; }}
.figures dt {{ font-size: 0.9rem; }}
.figures dd {{ margin: 0; color: {c["accent"]}; font-size: 1.35rem; font-weight: bold;
  line-height: 1.15; }}
figure {{ margin: 1.25rem 0; }}
figure.quote {{ border-{start}: 4px solid {c["accent"]}; padding-{start}: 1rem; }}
blockquote {{ margin: 0; font-size: 1.15rem; }}
blockquote p {{ margin: 0.2rem 0; }}
figcaption {{ font-size: 0.9rem; margin-top: 0.4rem; }}
.chart-title {{ display: block; color: {c["ink"]}; font-weight: bold; }}
svg.chart {{ display: block; width: 100%; max-width: 32rem; height: auto; margin: 0.5rem 0;
  font-family: {sans}; }}
table {{ border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }}
caption {{ text-align: {start}; font-weight: bold; padding-bottom: 0.25rem; }}
th, td {{ border-bottom: 1px solid {c["rule"]}; padding: 0.2rem 0.6rem; text-align: {start}; }}
img {{ max-width: 100%; height: auto; }}
.logo {{ float: {end}; margin-{start}: 1rem; max-width: 40%; }}
.legend {{ list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; padding: 0;
  margin: 0.3rem 0; font-family: {sans}; font-size: 0.9rem; }}
.legend span {{ display: inline-block; width: 0.8em; height: 0.8em; margin-{end}: 0.35em;
  vertical-align: -0.05em; }}
.image {{ background: {c["tint"]}; padding: 1rem; font-style: italic; }}
.timeline dt {{ font-weight: bold; color: {c["accent"]}; }}
.timeline dd {{ margin: 0 0 0.5rem; }}
address {{ font-style: normal; margin: 0.5rem 0; }}
.notes {{ font-size: 0.9rem; }}
.notes a[dir] {{ overflow-wrap: anywhere; }}
.ends {{ font-weight: bold; text-align: center; letter-spacing: 0.1em; }}
@media print {{
  @page {{ size: A4; margin: 18mm 16mm 20mm; }}
  html {{ font-size: 10pt; }}
  main {{ max-width: none; padding: 0; }}
  .figures:has(> :nth-child(4):last-child) {{ grid-template-columns: repeat(4, 1fr); }}
  h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
  figure, .figures div, address, tr {{ break-inside: avoid; page-break-inside: avoid; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  p a[href^="http"]::after {{ content: " <" attr(href) ">"; font-size: 0.85em;
    overflow-wrap: anywhere; }}
}}
""".strip()
