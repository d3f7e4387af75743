"""Layer 3, the exercises: self-checked answers, writing tasks with their checklists, the
end-of-unit assessment, and lesson 07's options role play (its content).

Engines (``answer_checks``, ``checklist``, ``writing_review``) are kept apart from their
content (``exercise_table``, ``writing_tasks``, ``assessment``), so a hint or a model answer is
changed in a file of content. May import the data and drawing layers; never the widgets (a
sibling) or the teacher's tools.
"""

from .answer_checks import check, solution
from .writing_review import model_answer, review

__all__ = ["check", "model_answer", "review", "solution"]
