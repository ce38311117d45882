"""PackDraft, the editor's working copy of a pack: pure Python, no Qt (tests/test_contracts.py checks)."""

from __future__ import annotations

import pytest

from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.draft import PackDraft
from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import load_pack, save_pack


def saved_pack(tmp_path, name: str = "mine.toml", title: str = "Mine") -> Pack:
    pack = Pack(title, "en", [Scenario("a", "First", "happy"), Scenario("b", "Second", "sad"),
                              Scenario("c", "Third", "fear")], author="Me")
    save_pack(pack, tmp_path / name)
    return load_pack(tmp_path / name)[0]


def ids(draft: PackDraft) -> list[str]:
    return [scenario.id for scenario in draft.scenarios]


def test_a_draft_is_a_copy_and_starts_clean(tmp_path):
    saved = saved_pack(tmp_path)
    draft = PackDraft(saved)
    assert draft.pack == saved and draft.pack is not saved and not draft.dirty and draft.editable
    draft.edit_scenario(0, text="Changed")
    assert draft.dirty and saved.scenarios[0].text == "First"


def test_edits_mark_the_draft_dirty_and_reach_the_pack(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    draft.edit_pack(title="Ours", author="Us", picture="🏫")
    assert (draft.pack.title, draft.pack.author, draft.pack.picture) == ("Ours", "Us", "🏫") and draft.dirty
    draft.edit_scenario(1, id="b2", hint="Mouth down", hold_seconds=2.5, min_level="hard")
    assert draft.scenario(1) == Scenario("b2", "Second", "sad", hint="Mouth down", hold_seconds=2.5,
                                         min_level="hard")


def test_an_unknown_field_is_refused(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    with pytest.raises(TypeError, match="colour"):
        draft.edit_pack(colour="red")
    with pytest.raises(TypeError, match="target"):
        draft.edit_scenario(0, target="sad")  # the shown expression goes through set_targets
    assert not draft.dirty


def test_the_previously_shown_expression_does_not_stay_accepted(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    draft.set_targets(0, "happy", ["happy", "surprise"])
    assert draft.scenario(0).targets == ("happy", "surprise")
    draft.set_targets(0, "surprise", ["happy", "surprise"])  # happy was pressed only because it was shown
    assert draft.scenario(0).targets == ("surprise",)
    draft.set_targets(0, "surprise", ["happy", "surprise"])  # pressed again: now it is an alternative
    assert draft.scenario(0).targets == ("surprise", "happy")


def test_add_remove_and_move_situations(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    assert draft.add_scenario() == 3
    assert draft.scenario(3) == Scenario("situation-4", "", "happy")
    draft.edit_scenario(0, id="situation-5")
    assert draft.add_scenario() == 4 and draft.scenario(4).id == "situation-6"  # a free id
    draft.remove_scenario(3)
    assert ids(draft) == ["situation-5", "b", "c", "situation-6"]
    assert draft.move_scenario(0, 1) == 1 and ids(draft)[:2] == ["b", "situation-5"]
    assert draft.move_scenario(0, -1) is None and draft.move_scenario(3, 1) is None
    assert ids(draft) == ["b", "situation-5", "c", "situation-6"]
    with pytest.raises(IndexError):
        draft.remove_scenario(9)


def test_problems_follow_the_edits(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    assert draft.problems() == []
    draft.edit_scenario(1, id="a")
    assert any("duplicate id" in str(message) for message in draft.problems())
    draft.edit_pack(title=" ")
    assert any("missing title" in str(message) for message in draft.problems())


def test_discard_goes_back_to_the_saved_pack(tmp_path):
    saved = saved_pack(tmp_path)
    draft = PackDraft(saved)
    draft.add_scenario()
    draft.edit_pack(title="Other")
    draft.discard()
    assert draft.pack == saved and draft.pack is not saved and not draft.dirty


def test_save_writes_the_file_and_follows_the_title(tmp_path):
    draft = PackDraft(saved_pack(tmp_path))
    draft.edit_pack(title="Rainy days")
    draft.edit_scenario(2, text="Thunder!")
    path = draft.save()
    assert path == tmp_path / "rainy-days.toml" and not (tmp_path / "mine.toml").exists()
    assert not draft.dirty and draft.saved == draft.pack and draft.saved is not draft.pack
    assert load_pack(path)[0].scenarios[2].text == "Thunder!"
    draft.edit_scenario(2, text="Lightning!")
    draft.save()  # the second save writes over the file the first one made
    assert load_pack(path)[0].scenarios[2].text == "Lightning!"


def test_a_failed_save_keeps_the_edits_and_the_dirty_flag(tmp_path, monkeypatch):
    draft = PackDraft(saved_pack(tmp_path))
    draft.edit_scenario(0, text="Unsaved work")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pack_files, "save_pack", full_disk)
    with pytest.raises(OSError):
        draft.save()
    assert draft.dirty and draft.pack.scenarios[0].text == "Unsaved work" and draft.saved.scenarios[0].text == "First"


def test_a_builtin_pack_is_read_only(tmp_path):
    saved = saved_pack(tmp_path)
    saved.builtin = True
    draft = PackDraft(saved)
    assert not draft.editable
    for edit in (lambda: draft.edit_pack(title="x"), lambda: draft.edit_scenario(0, text="x"),
                 lambda: draft.set_targets(0, "sad", []), draft.add_scenario, lambda: draft.remove_scenario(0),
                 lambda: draft.move_scenario(0, 1), draft.save):
        with pytest.raises(ValueError, match="built-in"):
            edit()
    assert draft.pack == saved and not draft.dirty



def test_a_misspelt_key_keeps_its_text_is_listed_and_repaired(tmp_path):
    """`hnit = "..."`: the text is not lost (saving writes it back), the current problems name it with the key it
    was meant as, and the repair moves it into the hint; the problem is gone before anything is saved."""
    from actor_trainer.packs.toml_format import load_pack

    path = tmp_path / "zoo.toml"
    path.write_text('title = "Zoo"\nlanguage = "en"\n\n[[scenario]]\nid = "a"\ntext = "A lion!"\ntarget = "fear"\n'
                    'hnit = "Open your eyes wide"\n', encoding="utf-8")
    pack, problems = load_pack(path)
    assert [(p.line, p.message.code) for p in problems] == [(8, "unknown_key_guess")]
    assert 'did you mean "hint"' in problems[0].message
    draft = PackDraft(pack)
    assert len(draft.problems()) == 1 and draft.repairs() == [(0, "hnit", "hint")]
    draft.edit_pack(author="Ms Berg")
    draft.save()
    assert 'hnit = "Open your eyes wide"' in path.read_text(encoding="utf-8")  # saved, not lost
    assert draft.repair_keys() == 1
    assert draft.problems() == [] and draft.dirty
    assert draft.scenario(0).hint == "Open your eyes wide"
    draft.save()
    again, problems = load_pack(path)
    assert problems == [] and again.scenarios[0].hint == "Open your eyes wide"
