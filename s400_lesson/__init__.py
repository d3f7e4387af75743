"""Teaching package for the lessons on the US-Turkey dispute over the S-400 and the F-35.

The notebooks import what they need from here; the data loaders come first
(``s400_lesson.data``) and everything else builds on them.
"""

from .data import (
    LessonDataError,
    data_dir,
    load_actors,
    load_all,
    load_events,
    load_f35_delivery_plan,
    load_f35_turkish_aircraft,
    load_glossary,
    load_measures,
    load_statements,
)

__all__ = [
    "LessonDataError",
    "data_dir",
    "load_actors",
    "load_all",
    "load_events",
    "load_f35_delivery_plan",
    "load_f35_turkish_aircraft",
    "load_glossary",
    "load_measures",
    "load_statements",
]
