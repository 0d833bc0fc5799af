"""Turn a watch session into its preview page: one self-contained HTML page (style and script
inline, nothing fetched from elsewhere) that shows each PDF as a labelled column of page
pictures and follows the session's events (`/events`) to swap in new pictures, show the
"building" state and the errors of a broken save.

Every text the page shows from a spec (labels, error lines) arrives as JSON and is set with
`textContent`, never parsed as HTML; the title is escaped here. The Content-Security-Policy
allows only this page's own script and style (by hash) and its own pictures and events.
"""

from __future__ import annotations

import base64
import hashlib
import html

STYLE = """
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #e4e4df; }
header { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem;
  align-items: baseline; padding: .6rem 1rem; background: #fff; border-bottom: 1px solid #aaa; }
h1 { margin: 0; font-size: 1rem; }
#status { margin: 0; color: #333; }
body.building #status { color: #1b1b1b; font-weight: 600; }
body.building img { opacity: .55; }
#errors { margin: 0; padding: .6rem 1rem; background: #fdecec; color: #5d0010;
  border-bottom: 3px solid #b3001b; }
#errors p { margin: 0; font-weight: 600; }
#errors ul { margin: .3rem 0 0; padding-left: 1.2rem; font: 13px/1.45 ui-monospace, monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
#pages { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(15rem, 1fr); gap: 1.25rem;
  align-items: start; padding: 1rem; overflow-x: auto; }
#pages:focus-visible { outline: 3px solid #0b57d0; outline-offset: -3px; }
section { min-width: 0; max-width: 40rem; }
h2 { margin: 0 0 .4rem; font-size: .85rem; font-weight: 600; }
img { display: block; width: 100%; height: auto; margin: 0 0 .75rem; background: #fff;
  box-shadow: 0 1px 3px rgba(0, 0, 0, .35); }
"""

SCRIPT = """
"use strict";
const body = document.body;
const status = document.getElementById("status");
const banner = document.getElementById("errors");
const lines = document.getElementById("error-lines");
const pages = document.getElementById("pages");

function describe(state) {
  if (state.building || state.build === 0) return "Building\\u2026";
  const time = state.seconds === null ? "" : " in " + state.seconds.toFixed(2) + " s";
  const broken = state.errors.length ? "; it failed, so the pages are the last good ones" : "";
  return "Build " + state.build + time + broken;
}

function swap(img, url) {
  if (img.dataset.want === url) return;
  img.dataset.want = url;
  const next = new Image();
  next.src = url;
  next.decode().catch(() => null).then(() => {
    if (img.dataset.want === url) img.src = url;
  });
}

function column(index) {
  let section = pages.children[index];
  if (!section) {
    section = document.createElement("section");
    const heading = document.createElement("h2");
    heading.id = "column-" + index;
    section.setAttribute("aria-labelledby", heading.id);
    section.append(heading);
    pages.append(section);
  }
  return section;
}

function show(state) {
  body.dataset.build = state.build;
  body.classList.toggle("building", state.building);
  status.textContent = describe(state);
  lines.replaceChildren(...state.errors.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
  banner.hidden = state.errors.length === 0;
  while (pages.children.length > state.columns.length) pages.lastElementChild.remove();
  state.columns.forEach((shown, index) => {
    const section = column(index);
    section.firstElementChild.textContent = shown.label;
    const images = Array.from(section.querySelectorAll("img"));
    images.slice(shown.pages.length).forEach((img) => img.remove());
    shown.pages.forEach((url, n) => {
      let img = images[n];
      if (!img) {
        img = document.createElement("img");
        section.append(img);
      }
      img.alt = shown.label + ", page " + (n + 1) + " of " + shown.pages.length;
      swap(img, url);
    });
  });
}

const events = new EventSource("/events");
events.addEventListener("state", (event) => show(JSON.parse(event.data)));
events.addEventListener("error", () => {
  status.textContent = "Not connected to briefing watch; retrying\\u2026";
});
"""


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


POLICY = (
    f"default-src 'none'; script-src {_digest(SCRIPT)}; style-src {_digest(STYLE)}; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""The page's Content-Security-Policy: its own script, style, pictures and events only."""


def preview_page(title: str) -> bytes:
    """The preview page for a session that watches `title` (the spec's file name)."""
    shown = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: {shown}</title>
<style>{STYLE}</style>
</head>
<body class="building">
<header>
<h1>Preview: {shown}</h1>
<p id="status" role="status">Building\u2026</p>
</header>
<div id="errors" role="alert" hidden>
<p>The last save could not be built; the pages below are from the last good build.</p>
<ul id="error-lines"></ul>
</div>
<main id="pages" tabindex="0" aria-label="Pages, one column for each PDF"></main>
<noscript><p>The preview needs JavaScript to show and update the pages.</p></noscript>
<script>{SCRIPT}</script>
</body>
</html>
""".encode()
