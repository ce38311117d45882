"""The teacher's area: situation packs (list, create, duplicate, rename, delete, import, export, edit) and,
in a second tab, each child's progress. `window.py` is the window, `form.py` its form, `file_actions.py`
its dialogs around the pack files, `qt_translation.py` Qt's own words; the pack being edited is an
actor_trainer.packs.draft.PackDraft.
"""

from actor_trainer.ui.editor.window import TeacherEditor

__all__ = ["TeacherEditor"]
