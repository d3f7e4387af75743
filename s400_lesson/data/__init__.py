"""Layer 1, the data: loaders, the schema checks they run, and the lessons with their minutes.

Imports nothing else of the package; every other layer builds on it.
"""

from .loaders import *  # noqa: F403
from .loaders import __all__  # noqa: F401
