"""briefing: turn a YAML briefing spec into print-ready one-page and multi-page PDF briefs.

As a library: `briefing.render(spec, ...)` returns the files `briefing make` would write, file
name → bytes; `briefing.load(spec, ...)` loads a spec once for many `.render(recipient)` calls
(`briefing.api`). Both are imported on first use, so `import briefing` stays cheap.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing for `--help`
if TYPE_CHECKING:
    from .api import Brief, load, render

__version__ = "0.1.0"
__all__ = ["Brief", "load", "render", "__version__"]


def __getattr__(name: str) -> object:
    if name in ("Brief", "load", "render"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
