"""`briefing schema`: the JSON Schema editors use is derived from the declared schemas, every
shipped spec and template validates against it, and every hostile spec that `briefing` refuses
for its shape fails it too (issue 14, item 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefing.cli import main
from briefing.schema import schema_document, schema_text
from briefing.starter import STARTER

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"

SHAPE = re.compile(
    r": (expected (text|a number|true or false|a date as YYYY-MM-DD), found"
    r"|expected one of "
    r"|expected a list of "
    r"|expected a mapping of "
    r"|expected an? [a-z ]+ \(a mapping with "
    r"|expected at most [\d,]+ (items|characters), found"
    r"|expected at least \d+ items?, found"
    r"|unknown key; "
    r"|required key is missing )"
)
"""The messages of `walker.py` about a file's shape: a wrong type, an unknown key, a missing
required key, a choice that is not one, a list or text over its declared budget. A rejection
for any other reason is one the schema cannot express, and is excluded by that reason:
- the YAML itself (syntax, anchors, tags, encodings, nesting, several documents, duplicate
  keys): the editor's own YAML parser reports these, before any schema;
- control and format characters inside text, and words longer than a line can hold (measured
  on the printed text, markup removed);
- numbers read against the brief's language, calendar dates that do not exist, value ranges,
  web and email addresses;
- checks across fields and files: citations, chart numbers, images, templates, translations
  against their original."""


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as an editor does (the YAML 1.2 core schema): `2019` is a number, `true` a
    boolean, `yes` and `2026-01-15` text."""


_Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]:
    _Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), first)


def editor_view(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema_document(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _errors(kind: str, document: Any) -> list[str]:
    return [e.message for e in _validator(kind).iter_errors(document)]


def test_the_schemas_are_valid_deterministic_and_printed(capsys):
    for kind in ("spec", "template"):
        jsonschema.Draft202012Validator.check_schema(schema_document(kind))
        assert schema_text(kind) == schema_text(kind)
        assert main(["schema", kind]) == 0
        out = capsys.readouterr().out
        assert out == schema_text(kind)
        assert json.loads(out)["$id"] == f"urn:briefing:schema:{kind}"
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text("spec")


def test_every_field_carries_its_description_and_records_refuse_unknown_keys():
    spec = schema_document("spec")
    title = spec["$defs"]["Spec"]["properties"]["title"]
    assert title["description"] == "The headline: state the finding, not the topic."
    assert title["maxLength"] == 200
    assert spec["$defs"]["Spec"]["required"] == ["title", "organisations", "summary"]
    assert spec["$defs"]["Figure"]["required"] == ["value", "label"]
    assert "required" not in spec["$defs"]["TranslatedFigure"]
    page_size = spec["$defs"]["Spec"]["properties"]["page_size"]["anyOf"][0]
    assert page_size == {"enum": ["A4", "letter", "legal", "A5"]}
    for document in (spec, schema_document("template")):
        for name, record in document["$defs"].items():
            assert record["additionalProperties"] is False, name
            assert record["description"], name
            for key, field in record["properties"].items():
                assert field["description"], (name, key)


def _shipped_specs() -> list[Path]:
    return [
        *sorted((ROOT / "briefs").glob("*.yaml")),
        *sorted(
            p for p in (ROOT / "tests" / "specs").rglob("*.yaml") if p.name != "recipients.yaml"
        ),
    ]


@pytest.mark.parametrize("path", _shipped_specs(), ids=lambda p: p.name)
def test_every_shipped_spec_validates(path):
    assert _errors("spec", editor_view(path)) == []


def test_the_starter_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief"]) == 0
    assert _errors("spec", editor_view(tmp_path / "brief.yaml")) == []
    assert _errors("spec", yaml.load(STARTER.format(name="x"), Loader=_Yaml12Loader)) == []


def test_every_shipped_template_validates():
    templates = [
        *sorted((ROOT / "src" / "briefing" / "design" / "templates").glob("*.yaml")),
        *sorted((ROOT / "briefs" / "templates").glob("*.yaml")),
    ]
    assert len(templates) >= 2
    for path in templates:
        assert _errors("template", editor_view(path)) == [], path.name


def _hostile_specs() -> list[tuple[Path, str]]:
    """Every hostile spec with the messages `briefing` gives for it."""
    cases = [(p, (HOSTILE / f"{p.stem}.expected").read_text()) for p in HOSTILE.glob("*.yaml")]
    for folder in HOSTILE.iterdir():
        if (folder / "args").is_file() and (folder / "expected").is_file():
            expected = (folder / "expected").read_text()
            for arg in (folder / "args").read_text().split():
                if arg.endswith(".yaml") and (folder / arg).is_file():
                    cases.append((folder / arg, expected))
    return sorted(cases)


def _shape_rejections() -> list[Path]:
    return [path for path, expected in _hostile_specs() if SHAPE.search(expected)]


def test_the_rule_finds_shape_rejections_of_every_kind():
    names = {p.stem for p in _shape_rejections()}
    assert {
        "budget-chart-label",
        "budget-many-findings",
        "mast-paper",
        "top-level-scalar",
        "schema-wrong-types",
        "schema-unknown-keys",
        "schema-missing-keys",
    } <= names


def _place(line: str) -> list[str | int] | None:
    """Where a shape problem sits, as a JSON path: its key path's, or for an unknown or a
    missing key the mapping's that holds it; None for another problem."""
    match = SHAPE.search(line)
    if not match:
        return None
    head = line[: match.start()]
    key_path = head.split(": ", 1)[1] if ": " in head else ""
    parts: list[str | int] = [
        int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", key_path)
    ]
    return parts[:-1] if match.group().startswith((": unknown", ": required")) else parts


@pytest.mark.parametrize("path", _shape_rejections(), ids=lambda p: str(p.relative_to(HOSTILE)))
def test_a_spec_refused_for_its_shape_fails_the_schema_at_each_place(path):
    expected = dict(_hostile_specs())[path]
    places = [place for line in expected.splitlines() if (place := _place(line)) is not None]
    found = [list(e.absolute_path) for e in _validator("spec").iter_errors(editor_view(path))]
    assert places
    for place in places:
        assert place in found, (place, found)


def test_translations_need_only_their_words_but_no_unknown_keys():
    translation = {"translates": "raqqa.yaml", "language": "fr", "figures": [{"label": "x"}]}
    assert _errors("spec", translation) == []
    assert _errors("spec", {"translates": "raqqa.yaml", "title": "x"}) == [
        "'language' is a required property"
    ]
    assert _errors("spec", {**translation, "titel": "x"}) == [
        "Additional properties are not allowed ('titel' was unexpected)"
    ]


def test_what_briefing_accepts_the_schema_accepts():
    """Scalars as an editor types them: numbers in text fields, choices in any case, booleans
    as yes and no, numbers written as text."""
    spec = {
        "title": 2019,
        "organisations": "Example",
        "summary": True,
        "page_size": "a4",
        "layouts": "ONE-PAGE",
        "date": "2026-01-15",
        "sources": [{"id": "s", "title": "t", "qr": "yes"}],
        "charts": [{"kind": "bars", "title": "t", "bars": [{"label": "a", "value": "12.5"}]}],
    }
    assert _errors("spec", spec) == []
    assert _errors("spec", {**spec, "title": "  "}) == ["'  ' does not match '\\\\S'"]
    assert _errors("spec", {**spec, "date": "15/01/2026"})
    assert _errors("spec", {**spec, "page_size": "A3"})
