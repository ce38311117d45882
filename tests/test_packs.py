"""Pack file operations, outside Qt."""

import pytest

from actor_trainer.packs import packs
from actor_trainer.packs.toml_format import load_pack
from actor_trainer.resources import builtin_scenarios_dir


def test_discover_lists_builtin_then_user_packs_with_problems(tmp_path):
    (tmp_path / "broken.toml").write_text('title = "B"\nlanguage = "fr"\n[[scenario]]\nid = "a"\ntext = "x"\n'
                                          'target = "happy"\n', encoding="utf-8")
    (tmp_path / "garbage.toml").write_text('title = "unclosed\n', encoding="utf-8")
    library = packs.discover(builtin_scenarios_dir(), tmp_path)
    builtin = [pack for pack in library.packs if pack.builtin]
    assert len(builtin) == len(list(builtin_scenarios_dir().glob("*.toml")))
    broken = library.packs[-1]
    assert not broken.builtin and broken.language == "fr"
    assert any('unknown language "fr"' in p.message for p in library.problems[broken.path])
    assert [p.path.name for p in library.unreadable] == ["garbage.toml"]
    assert "quote is not closed" in library.unreadable[0].message


def test_create_duplicate_and_the_file_name_follows_the_title(tmp_path):
    pack = packs.create(tmp_path, "New pack", "sv")
    assert pack.path == tmp_path / "new-pack.toml" and load_pack(pack.path)[0].language == "sv"
    pack.title = "Rainy days"
    assert packs.save(pack, saved_title="New pack") == tmp_path / "rainy-days.toml"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".packs.lock") == ["rainy-days.toml"]
    copy = packs.duplicate(pack, tmp_path, "Rainy days (copy)")
    assert copy.path == tmp_path / "rainy-days-copy.toml" and pack.path == tmp_path / "rainy-days.toml"
    assert load_pack(copy.path)[0].scenarios == pack.scenarios


def test_saving_again_keeps_the_name_and_a_backup(tmp_path):
    pack = packs.create(tmp_path, "Mine", "en")
    pack.scenarios[0].text = "Changed"
    assert packs.save(pack) == tmp_path / "mine.toml"
    assert (tmp_path / "mine.toml.bak").exists()
    other = packs.create(tmp_path, "Mine", "en")
    assert other.path.name == "mine-2.toml"
    assert packs.save(other) == tmp_path / "mine-2.toml"  # a numbered name still counts as named after the title


def test_a_name_chosen_by_hand_is_kept(tmp_path):
    pack = packs.create(tmp_path, "Zoo", "en")
    hand = tmp_path / "my-own-name.toml"
    pack.path.rename(hand)
    pack.path = hand
    pack.title = "Farm"
    assert packs.save(pack, saved_title="Zoo") == hand


def test_rename(tmp_path):
    pack = packs.create(tmp_path, "Old", "en")
    assert packs.rename(pack, "  Brand new ") == tmp_path / "brand-new.toml"
    assert load_pack(tmp_path / "brand-new.toml")[0].title == "Brand new"
    assert not (tmp_path / "old.toml").exists()
    with pytest.raises(ValueError):
        packs.rename(pack, "  ")


def test_delete_keeps_a_backup_the_game_ignores(tmp_path):
    pack = packs.create(tmp_path, "Gone", "en")
    backup = packs.delete(pack)
    assert backup == tmp_path / "gone.toml.bak" and backup.exists()
    assert [p for p in packs.discover(tmp_path / "none", tmp_path).packs] == []


def test_builtin_packs_cannot_be_changed(tmp_path):
    builtin = packs.discover(builtin_scenarios_dir(), tmp_path).packs[0]
    with pytest.raises(ValueError):
        packs.save(builtin)
    with pytest.raises(ValueError):
        packs.delete(builtin)


def test_import_copies_the_file_unchanged_under_a_free_name(tmp_path):
    source = tmp_path / "from-a-colleague.toml"
    text = '# a comment the teacher wrote\ntitle = "Zoo"\nlanguage = "en"\n\n[[scenario]]\nid = "a"\n' \
           'text = "A lion roars."\ntarget = ["scared", "surprise"]\n'
    source.write_text(text, encoding="utf-8")
    pack, problems = packs.check_import(source)
    assert problems == [] and pack.scenarios[0].targets == ("fear", "surprise")
    target = packs.import_pack(source, tmp_path / "mine")
    assert target == tmp_path / "mine" / "zoo.toml" and target.read_text(encoding="utf-8") == text
    assert packs.import_pack(source, tmp_path / "mine").name == "zoo-2.toml"


def test_import_refuses_what_cannot_be_read(tmp_path):
    source = tmp_path / "bad.toml"
    source.write_text('title "x"\n', encoding="utf-8")
    pack, problems = packs.check_import(source)
    assert pack is None and "= sign is missing on line 1" in problems[0].message
    with pytest.raises(ValueError):
        packs.import_pack(source, tmp_path / "mine")
    assert not (tmp_path / "mine").exists()


def test_export_adds_the_suffix(tmp_path):
    pack = packs.create(tmp_path, "Out", "en")
    assert packs.export(pack, tmp_path / "usb" / "out") == tmp_path / "usb" / "out.toml"
    assert load_pack(tmp_path / "usb" / "out.toml")[0].title == "Out"
