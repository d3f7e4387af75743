"""Teaching package for the lessons on the US-Turkey dispute over the S-400 and the F-35.

The notebooks import what they need from here; the data loaders come first
(``s400_lesson.data``) and everything else builds on them. The public names are the
loaders' own list, so a new loader is exported by adding it in one place.
"""

from .data import *  # noqa: F403
from .data import __all__  # noqa: F401
