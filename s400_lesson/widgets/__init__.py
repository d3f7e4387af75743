"""Layer 3, the widgets a student moves: the positions explorer, the what-if slider, and the
static picture each leaves in a saved or exported notebook.

May import the data and drawing layers; never the exercises (a sibling) or the teacher's tools.
"""

from .explorer import PositionsExplorer
from .whatif import WhatIfExclusion

__all__ = ["PositionsExplorer", "WhatIfExclusion"]
