"""briefing: turn a YAML briefing spec into print-ready one-page and multi-page PDF briefs."""

__version__ = "0.1.0"
