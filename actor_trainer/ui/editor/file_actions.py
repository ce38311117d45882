"""The editor's file actions: save, new, duplicate, rename, delete, import and export, each asked and
answered in a dialog. The file work itself happens in actor_trainer.packs.packs and PackDraft.save.

FileActions is a part of TeacherEditor (ui/editor/window.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.scenarios import backup_path
from actor_trainer.ui.editor.form import PACK_PICTURES
from actor_trainer.ui.pack_pictures import pack_picture

BUTTONS = QMessageBox.StandardButton


class FileActions:
    """The file part of TeacherEditor; it works on the window's `draft` and pack list and the form's widgets."""

    def save(self) -> bool:
        """Write the working copy over its file (renamed when the title changed); False (with a message) if that
        failed. The selected situation and the keyboard focus stay where they were."""
        if self.draft is None or not self.draft.editable or self.current.path is None:
            return True
        row = self.scenario_list.currentRow()
        focused = self.focusWidget()
        try:
            path = self.draft.save()
        except (OSError, UnicodeError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return False
        self.reload_packs(select=path, scenario_row=max(row, 0))
        if focused is not None:
            focused.setFocus()
        self.packs_changed.emit()
        return True

    def confirm_discard_or_save(self) -> bool:
        """Ask before unsaved changes would go; True when it is fine to move on."""
        if not self.dirty or self.current is None:
            return True
        answer = QMessageBox.question(self, self._t("unsaved_title"), self._t("unsaved_text", title=self.current.title),
                                      BUTTONS.Save | BUTTONS.Discard | BUTTONS.Cancel, BUTTONS.Save)
        if answer == BUTTONS.Save:
            return self.save()
        if answer == BUTTONS.Discard:
            self._show_saved_pack()
            return True
        return False

    def _after_new_file(self, action) -> None:
        try:
            pack = action()
        except (OSError, UnicodeError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return
        self.reload_packs(select=pack.path)
        self.packs_changed.emit()

    def new_pack(self) -> None:
        """A new pack in the teacher's folder, opened with its title selected for typing."""
        if not self.confirm_discard_or_save():
            return
        self._after_new_file(lambda: pack_files.create(self.user_packs_dir, self._t("new_title"), self.language))
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def duplicate_pack(self) -> None:
        """A copy of the selected pack (as saved) in the teacher's folder: how a built-in pack is changed."""
        if self.current is None or not self.confirm_discard_or_save():
            return
        source = self.selected_pack()
        taken = {pack_picture(pack) for pack in self.packs}  # as the start screen shows them
        self._after_new_file(lambda: pack_files.duplicate(source, self.user_packs_dir,
                                                          source.title + self._t("copy_suffix"),
                                                          PACK_PICTURES, taken | {pack_picture(source)}))

    def rename_pack(self) -> None:
        """Ask for a new title and save the pack under it (the file follows the title)."""
        if self.draft is None or not self.draft.editable:
            return
        title, accepted = QInputDialog.getText(self, self._t("rename_title"), self._t("rename_label"),
                                               QLineEdit.EchoMode.Normal, self.current.title)
        if not accepted or not title.strip():
            return
        self.draft.edit_pack(title=title.strip())
        self._changed()
        self.save()

    def delete_pack(self) -> None:
        """After asking, move the pack's file aside to FILE.toml.bak."""
        pack = self.current
        if pack is None or pack.builtin or pack.path is None:
            return
        answer = QMessageBox.question(self, self._t("delete_title"),
                                      self._t("delete_text", title=pack.title, backup=backup_path(pack.path).name),
                                      BUTTONS.Yes | BUTTONS.No, BUTTONS.No)
        if answer != BUTTONS.Yes:
            return
        try:
            pack_files.delete(pack)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.draft.dirty = False
        self.reload_packs()
        self.packs_changed.emit()

    def import_pack(self) -> None:
        """Copy a pack file the teacher picks into their folder, after showing its problems."""
        if not self.confirm_discard_or_save():
            return
        chosen = self._choose_import()
        if chosen is None:
            return
        try:
            target = pack_files.import_pack(chosen, self.user_packs_dir)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.reload_packs(select=target)
        self.packs_changed.emit()

    def _choose_import(self) -> Path | None:
        """The file to import, or None: nothing chosen, not a pack, or problems the teacher does not accept."""
        chosen, _ = QFileDialog.getOpenFileName(self, self._t("import_title"), str(Path.home()),
                                                self._t("file_filter"))
        if not chosen:
            return None
        pack, problems = pack_files.check_import(Path(chosen))
        listed = "\n".join(self._problem(p, short=True) for p in problems)
        if pack is None:
            QMessageBox.warning(self, self._t("error_title"), self._t("import_failed", problems=listed))
            return None
        if problems and QMessageBox.question(self, self._t("import_ask_title"), self._t("import_ask", problems=listed),
                                             BUTTONS.Yes | BUTTONS.No, BUTTONS.No) != BUTTONS.Yes:
            return None
        return Path(chosen)

    def export_pack(self) -> None:
        """Write the working copy where the teacher chooses (a USB stick), as it stands now."""
        if self.current is None:
            return
        suggested = str(Path.home() / (self.current.path.name if self.current.path else "pack.toml"))
        chosen, _ = QFileDialog.getSaveFileName(self, self._t("export_title"), suggested, self._t("file_filter"))
        if not chosen:
            return
        try:
            written = pack_files.export(self.current, Path(chosen))
        except (OSError, UnicodeError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return
        QMessageBox.information(self, self._t("exported_title"), self._t("exported", path=written))
