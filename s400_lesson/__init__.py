"""Teaching package for the lessons on the US-Turkey dispute over the S-400 and the F-35.

Its folders are its layers, each importing only those before it:

- ``data``: the loaders, their schema checks, the lessons and their minutes;
- ``drawing``: chart style, charts, the world map, slide tables, record cards;
- ``widgets`` and ``exercises``: what a student moves and what checks a student's answers;
- ``teacher``: slides, handouts and hub links, never imported by a lesson.

This face holds what a lesson's setup cell needs: the loaders, and ``check``, ``solution``,
``review`` and ``model_answer``. The exercises are imported when first asked for, so loading
data alone stays light.
"""

from typing import Any

from .data import *  # noqa: F403
from .data import __all__ as _loaders

_EXERCISES = ("check", "solution", "review", "model_answer")
__all__ = [*_loaders, *_EXERCISES]


def __getattr__(name: str) -> Any:
    if name in _EXERCISES:
        from . import exercises

        return getattr(exercises, name)
    raise AttributeError(f"module 's400_lesson' has no attribute {name!r}")
