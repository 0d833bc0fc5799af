"""Turn a loaded spec and the text of its sources into findings: every claim the brief makes
that its sources do not back, each located in the spec and shown beside the nearest passage.

Each claim is compared with the texts of the sources it cites (a figure's `source`, a finding's
`sources`, a quote's `source`), else with every source that has a `text:`; names and web
and email addresses with every source text. What is checked:
- quotes, word for word (see `quotecheck`), and who said them;
- numbers in words or digits, with their qualifier and what they count (see `quantities`);
- names of people and organisations, web and email addresses (QR codes above all);
- stated shares (`159 ..., about 10 percent of the total`) against the key figures;
- figures, findings, quotes and charts that cite no source.
Findings are warnings, or infos for what is allowed but worth a look (bracketed insertions,
cuts). `briefing check` prints them; `--strict` makes warnings fail the check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import BriefingError, Location, SpecError, printable
from ..spec.validate import LoadedSpec
from .claims import Address, Cites, Claims, FigureClaim, QuoteClaim, Text, claims_of, names_in
from .numbercheck import NumberIndex, figure_quantity, judge, share_problem
from .quantities import Quantity, format_number, quantities
from .quotecheck import check_quote
from .sourcetext import Passage, SourceText, bare_address, flatten, load_texts

Severity = Literal["warning", "info"]
MAX_FINDINGS = 200
"""Findings reported for one spec: past that, the check stops (each finding searches the
sources for its nearest passage; a spec that differs that much needs reading, not a list)."""


@dataclass(frozen=True)
class Finding:
    """One thing a source does not back, located in the spec."""

    location: Location
    key_path: str
    severity: Severity
    kind: str
    """A short name for machines: `quote-not-verbatim`, `number-not-in-source`..."""
    message: str
    source: SourceText | None = None
    passage: Passage | None = None

    def line(self, *, strict: bool = False) -> str:
        """`file:line:col: key.path: warning: message`, safe to print (`error` under --strict)."""
        severity = "error" if strict and self.severity == "warning" else self.severity
        key = f"{self.key_path}: " if self.key_path else ""
        return printable(f"{self.location}: {key}{severity}: {self.message}")

    def as_json(self, *, strict: bool = False) -> dict[str, Any]:
        """The finding as a JSON object."""
        severity = "error" if strict and self.severity == "warning" else self.severity
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "key_path": self.key_path,
            "severity": severity,
            "kind": self.kind,
            "message": self.message,
            "source": self.source.ids[0] if self.source else None,
            "source_number": self.source.numbers[0] if self.source else None,
            "source_file": self.source.name if self.source else None,
            "passage": (
                {"line": self.passage.line, "text": self.passage.text} if self.passage else None
            ),
        }


def summary(findings: list[Finding]) -> dict[str, int]:
    """How many warnings and infos there are."""
    warnings = sum(1 for finding in findings if finding.severity == "warning")
    return {"warnings": warnings, "infos": len(findings) - warnings}


def error_json(error: BriefingError, *, spec: Path | None) -> list[dict[str, Any]]:
    """An error that stopped a check, as JSON findings: one per located problem, else one
    per line of its message."""
    if isinstance(error, SpecError):
        return [
            {
                "file": problem.location.file,
                "line": problem.location.line,
                "column": problem.location.column,
                "key_path": problem.key_path,
                "severity": "error",
                "kind": "invalid",
                "message": problem.message,
            }
            for problem in error.problems
        ]
    file = None if spec is None else str(spec)
    return [
        {
            "file": file,
            "line": None,
            "column": None,
            "key_path": "",
            "severity": "error",
            "kind": "invalid",
            "message": line,
        }
        for line in error.lines()
    ]


def check_sources(
    loaded: LoadedSpec, *, root: Path | None = None, strict: bool = False
) -> list[Finding]:
    """Every finding for `loaded`, sorted by place. `SpecError` when a `text:` cannot be read.
    A spec with no source text gets no finding, except under `strict`: one warning that
    nothing could be checked."""
    texts = load_texts(loaded, root=root)
    if not texts:
        if not strict:
            return []
        message = (
            "no source has a `text:` (a local copy of its text), so no claim could be checked "
            "against a source; add one, or check without --strict"
        )
        return [Finding(loaded.where("sources"), "sources", "warning", "no-source-text", message)]
    checker = _Checker(loaded, texts)
    try:
        checker.run(claims_of(loaded.spec))
    except _Enough:
        message = f"the check stopped after {MAX_FINDINGS} findings; correct these and check again"
        checker.findings.append(
            Finding(Location(str(loaded.path), 1, 1), "", "warning", "too-many-findings", message)
        )
    return sorted(checker.findings, key=lambda f: (f.location, f.key_path, f.message))


class _Enough(Exception):
    """Raised when a check has found `MAX_FINDINGS` things: enough to act on."""


class _Checker:
    def __init__(self, loaded: LoadedSpec, texts: dict[str, SourceText]) -> None:
        self.loaded, self.texts = loaded, texts
        self.language = loaded.spec.language
        self.every = list({id(t): t for t in texts.values()}.values())
        self.findings: list[Finding] = []
        self.unchecked: dict[str, int] = {}
        self._indexes: dict[int, NumberIndex] = {}
        self.wholes = self._wholes()

    def add(
        self,
        key_path: str,
        kind: str,
        message: str,
        *,
        severity: Severity = "warning",
        source: SourceText | None = None,
        passage: Passage | None = None,
    ) -> None:
        where = self.loaded.where(key_path)
        self.findings.append(Finding(where, key_path, severity, kind, message, source, passage))
        if len(self.findings) >= MAX_FINDINGS:
            raise _Enough

    def targets(self, cites: Cites) -> list[SourceText]:
        """The texts a claim is compared with; none when it cites only sources without one."""
        if not cites:
            return self.every
        found = list({id(self.texts[c]): self.texts[c] for c in cites if c in self.texts}.values())
        for cited in cites:
            if cited not in self.texts:
                self.unchecked[cited] = self.unchecked.get(cited, 0) + 1
        return found

    def run(self, claims: Claims) -> None:
        for text in claims.texts:
            if targets := self.targets(text.cites):
                self.check_numbers(text.key_path, text.text, targets, shares=True)
            self.check_names(text.key_path, text.text)
        for name in claims.names:
            self.check_whole_name(name)
        for figure in claims.figures:
            if targets := self.targets(figure.cites):
                self.check_figure(figure, targets)
        for number in claims.chart_numbers:
            if targets := self.targets(number.cites):
                sentence = f"{format_number(number.value, 'count')} {number.words}"
                self.check_numbers(number.key_path, sentence, targets, first_only=True)
        for quote in claims.quotes:
            if targets := self.targets(quote.cites):
                self._quote(quote, targets)
        for address in claims.addresses:
            self.check_address(address)
        for uncited in claims.uncited:
            message = (
                f"this {uncited.what} cites no source; add `{uncited.field}:` with the id of "
                "the source that backs it"
            )
            self.add(uncited.key_path, "uncited", message)
        self._unchecked_sources()

    def _quote(self, claim: QuoteClaim, targets: list[SourceText]) -> None:
        reports = check_quote(claim, targets, language=self.language)
        for key_path, kind, message, severity, source, passage in reports:
            self.add(key_path, kind, message, severity=severity, source=source, passage=passage)
        for insertion in re.findall(r"\[([^\[\]]*)\]", claim.quote.text):
            self.check_numbers(f"{claim.key_path}.text", insertion, targets)

    def _unchecked_sources(self) -> None:
        for number, source in enumerate(self.loaded.spec.sources):
            count = self.unchecked.get(source.id)
            if count:
                plural = "s" if count > 1 else ""
                self.add(
                    f"sources[{number}]",
                    "source-without-text",
                    f"source {number + 1} ({source.id}) has no `text:`, so {count} claim{plural} "
                    "citing only it could not be checked",
                    severity="info",
                )

    # Numbers

    def index(self, source: SourceText) -> NumberIndex:
        """The numbers of a source text, read once."""
        index = self._indexes.get(id(source))
        if index is None:
            index = self._indexes[id(source)] = NumberIndex(source, language=self.language)
        return index

    def check_numbers(
        self,
        key_path: str,
        text: str,
        targets: list[SourceText],
        *,
        first_only: bool = False,
        shares: bool = False,
    ) -> None:
        """Compare each number of `text` with the sources; with `shares`, check the shares it
        states too (against the key figures and the text's own counts)."""
        read = [
            (sentence, quantities(sentence, language=self.language))
            for sentence in _sentences(text)
        ]
        counts = [("stated in this text", q) for _, s in read for q in s if q.kind == "count"]
        for sentence, stated in read:
            for quantity in stated[:1] if first_only else stated:
                self.compare(key_path, quantity, sentence, targets)
            problem = share_problem(stated, self.wholes + counts) if shares else None
            if problem:
                self.add(key_path, "arithmetic", problem)

    def compare(
        self,
        key_path: str,
        stated: Quantity,
        sentence: str,
        targets: list[SourceText],
        *,
        qualifier_key: str | None = None,
    ) -> None:
        """A finding when no source text states `stated` as the brief does."""
        same = [found for source in targets for found in self.index(source).same(stated)]
        years = [found for source in targets for found in self.index(source).years(stated)]
        verdict = judge(stated, same, years)
        if verdict is None:
            return
        source = verdict.source or targets[0]
        context = " ".join([*stated.before, stated.shown, *stated.after]) or sentence
        passage = verdict.passage or source.nearest(context)
        message = verdict.message(source.label(), passage)
        key = qualifier_key if verdict.about_qualifier and qualifier_key else key_path
        self.add(key, verdict.kind, message, source=source, passage=passage)

    def check_figure(self, claim: FigureClaim, targets: list[SourceText]) -> None:
        figure = claim.figure
        quantity = figure_quantity(figure, language=self.language)
        if quantity is None:
            return
        qualifier_key = f"{claim.key_path}.qualifier" if figure.qualifier else None
        sentence = f"{figure.qualifier or ''} {figure.value} {figure.label}"
        self.compare(
            f"{claim.key_path}.value", quantity, sentence, targets, qualifier_key=qualifier_key
        )
        problem = share_problem(
            [quantity, *quantities(figure.label, language=self.language)], self.wholes
        )
        if problem:
            self.add(f"{claim.key_path}.label", "arithmetic", problem)

    def _wholes(self) -> list[tuple[str, Quantity]]:
        wholes = []
        figures = list(self.loaded.spec.figures)
        for content in self.loaded.spec.audiences.values():
            figures += content.figures or []
        for figure in figures:
            quantity = figure_quantity(figure, language=self.language)
            if quantity is not None and quantity.kind == "count":
                wholes.append((f"key figure {figure.id or figure.label!r}", quantity))
        return wholes

    # Names and addresses

    def check_names(self, key_path: str, text: str) -> None:
        for name in names_in(text):
            if self._named(name):
                continue
            parts = [p for p in re.split(_CONNECTED, name) if p]
            missing = [part for part in parts if not self._named(part)]
            for part in missing if len(missing) < len(parts) else [name]:
                self._missing_name(key_path, part, text)

    def _named(self, name: str) -> bool:
        return any(source.has_name(name) for source in self.every)

    def check_whole_name(self, claim: Text) -> None:
        """A finding when a field that is a name as a whole (an organisation, an addressee)
        is in no source, in any case (`Coalition forces` is `coalition forces` there)."""
        name = re.sub(r"^the\s+", "", claim.text.strip(), flags=re.IGNORECASE)
        if name and not any(source.has_phrase(name, any_case=True) for source in self.every):
            self._missing_name(claim.key_path, name, claim.text)

    def _missing_name(self, key_path: str, name: str, context: str) -> None:
        source = self.every[0]
        passage = source.nearest(context)
        where = f"; nearest, {passage}" if passage else ""
        self.add(
            key_path,
            "name-not-in-source",
            f"{name!r} is named in no source: not in {_all_label(self.every)}{where}",
            source=source,
            passage=passage,
        )

    def check_address(self, address: Address) -> None:
        if any(bare_address(address.address) in source.addresses for source in self.every):
            return
        email = re.match(r"^(?:mailto:)?[^/:]+@", address.address)
        what = "email address" if email else "web address"
        qr = "; the brief prints it as a QR code, which readers will scan" if address.qr else ""
        self.add(
            address.key_path,
            "address-not-in-source",
            f"{what} {address.address!r} is in no source: not in {_all_label(self.every)}{qr}; "
            "check it, and keep a copy of the page that gives it as a source's `text:`",
        )


def _all_label(texts: list[SourceText]) -> str:
    return "; ".join(text.label() for text in texts)


_CONNECTED = re.compile(r" (?:of|for|on|the|de|du|des|la|le|al|van|von)(?: the)? ")
_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[^\W_a-z])")


def _sentences(text: str) -> list[str]:
    """`text` cut into sentences (a quantity's qualifier and its share stay in one)."""
    return [s for s in _SENTENCE.split(flatten(text)) if s.strip()]
