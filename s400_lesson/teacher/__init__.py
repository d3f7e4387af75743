"""Layer 4, the teacher's tools: slide decks, printable handouts and hub links.

Never imported by a lesson; run with ``python -m s400_lesson COMMAND``. May import every layer
below it.
"""
