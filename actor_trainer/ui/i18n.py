"""Every text the game shows, in Swedish and English. `tr(key, lang, **values)`."""

from __future__ import annotations

import re

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}

EXPRESSION_NAMES = {
    "sv": {"angry": "arg", "disgust": "äcklad", "fear": "rädd", "happy": "glad", "neutral": "lugn",
           "sad": "ledsen", "surprise": "förvånad"},
    "en": {"angry": "angry", "disgust": "disgusted", "fear": "scared", "happy": "happy", "neutral": "calm",
           "sad": "sad", "surprise": "surprised"},
}

TEXTS = {
    "app_title": ("Skådespelarträning", "Actor Trainer"),
    "welcome": ("Välkommen till Skådespelarträning!", "Welcome to Actor Trainer!"),
    "welcome_sub": ("Läs situationen och visa med ansiktet hur du känner dig.",
                    "Read the situation and show with your face how you feel."),
    "pack": ("Situationer", "Situations"),
    "player": ("Ditt namn (valfritt)", "Your name (optional)"),
    "player_note": ("Resultat sparas bara om du skriver ett namn.", "Results are saved only if you enter a name."),
    "language": ("Språk", "Language"),
    "difficulty": ("Nivå", "Level"),
    "level_easy": ("Lätt", "Easy"),
    "level_normal": ("Lagom", "Normal"),
    "level_hard": ("Svår", "Hard"),
    "read_aloud": ("Läs upp texten", "Read the text aloud"),
    "read_aloud_missing": ("(ingen talsyntes på den här datorn)", "(no speech engine on this computer)"),
    "sound": ("Ljud", "Sound"),
    "start": ("Starta (Enter)", "Start (Enter)"),
    "teacher": ("Lärare (Ctrl+T)", "Teacher (Ctrl+T)"),
    "quit": ("Avsluta (Ctrl+Q)", "Quit (Ctrl+Q)"),
    "no_packs": ("Inga situationer hittades.", "No situations found."),
    "pack_problems": ("{count} fel i situationsfiler (se lärarläget).",
                      "{count} problems in situation files (see Teacher)."),
    "editor_missing": ("Lärarläget kunde inte öppnas: {error}", "The teacher editor could not open: {error}"),
    "getting_ready": ("Gör i ordning kameran…", "Getting the camera ready…"),
    "calibrate_title": ("Först: titta in i kameran med ett lugnt ansikte",
                        "First: look at the camera with a calm face"),
    "calibrate_sub": ("Så lär sig spelet hur just ditt ansikte ser ut.",
                      "This teaches the game what your face looks like."),
    "calibrate_skip": ("Hoppa över (S)", "Skip (S)"),
    "show": ("Visa: {name} {emoji}", "Show: {name} {emoji}"),
    "guess": ("Hur skulle du känna dig?", "How would you feel?"),
    "hint": ("Tips: {hint}", "Hint: {hint}"),
    "no_face": ("Kom närmare kameran 🙂", "Come closer to the camera 🙂"),
    "hold": ("Håll kvar!", "Hold it!"),
    "skip": ("Hoppa över (S)", "Skip (S)"),
    "retry": ("Börja om (R)", "Retry (R)"),
    "pause": ("Paus (Mellanslag)", "Pause (Space)"),
    "resume": ("Fortsätt (Mellanslag)", "Resume (Space)"),
    "paused": ("Pausat", "Paused"),
    "stop": ("Sluta (Esc)", "Stop (Esc)"),
    "read_again": ("Läs igen (L)", "Read again (L)"),
    "progress": ("Situation {index} av {total}", "Situation {index} of {total}"),
    "success": ("Bra gjort!", "Well done!"),
    "success_sub": ("Du var {name}!", "You were {name}!"),
    "next": ("Nästa (Enter)", "Next (Enter)"),
    "summary_title": ("Klart!", "All done!"),
    "summary_title_named": ("Klart, {player}!", "All done, {player}!"),
    "summary_stars": ("{stars} av {max_stars} stjärnor", "{stars} of {max_stars} stars"),
    "summary_easy": ("Lätta uttryck: {names}", "Easy expressions: {names}"),
    "summary_hard": ("Svåra uttryck: {names}", "Hard expressions: {names}"),
    "summary_none": ("inga", "none"),
    "col_situation": ("Situation", "Situation"),
    "col_expression": ("Uttryck", "Expression"),
    "col_stars": ("Stjärnor", "Stars"),
    "col_seconds": ("Sekunder", "Seconds"),
    "skipped": ("hoppade över", "skipped"),
    "saved": ("Resultatet sparades i {path}", "Results saved to {path}"),
    "not_saved": ("Inget sparades (inget namn angavs).", "Nothing was saved (no name was given)."),
    "save_failed": ("Resultatet kunde inte sparas: {error}", "The results could not be saved: {error}"),
    "play_again": ("Spela igen (Enter)", "Play again (Enter)"),
    "back_to_start": ("Till början (Esc)", "Back to start (Esc)"),
    "error_no_camera": ("Ingen kamera hittades", "No camera found"),
    "error_no_camera_help": ("Kontrollera att kameran är ansluten och inte används av ett annat program. "
                             "Du kan också spela med en videofil eller en mapp med bilder.",
                             "Check that the camera is plugged in and not used by another program. "
                             "You can also play from a video file or a folder of pictures."),
    "error_camera_lost": ("Kameran försvann", "The camera was lost"),
    "error_camera_lost_help": ("Spelet är pausat och försöker ansluta igen. "
                               "Sätt i kameran igen eller tryck på Försök igen.",
                               "The game is paused and keeps trying to reconnect. "
                               "Plug the camera back in or press Retry."),
    "error_model": ("Uttrycksmodellen kunde inte laddas", "The expression model could not be loaded"),
    "error_model_help": ("Installera om programmet, eller träna en ny modell med `python -m training` "
                         "och ange mappen med --model.",
                         "Reinstall the program, or train a new model with `python -m training` "
                         "and pass its folder with --model."),
    "error_source": ("Videon kunde inte spelas", "The video could not be played"),
    "error_source_help": ("Välj en annan videofil eller mapp med bilder.",
                          "Choose another video file or picture folder."),
    "retry_button": ("Försök igen (R)", "Retry (R)"),
    "video_button": ("Spela från videofil (V)", "Play from a video file (V)"),
    "choose_video": ("Välj en videofil", "Choose a video file"),
    "details": ("Detaljer: {message}", "Details: {message}"),
}

# ---------------------------------------------------------------- game screens (issue 12) begin
TEXTS.update({
    "who_plays": ("Vem spelar?", "Who is playing?"),
    "guest": ("Gäst", "Guest"),
    "new_player": ("Ny spelare", "New player"),
    "new_player_name": ("Namn", "Name"),
    "pick_avatar": ("Välj en bild:", "Pick a picture:"),
    "add_player": ("Lägg till", "Add"),
    "cancel": ("Avbryt", "Cancel"),
    "player_exists": ("Det finns redan en spelare som heter {name}.", "There is already a player called {name}."),
    "player_needs_name": ("Skriv ett namn.", "Write a name."),
    "player_needs_avatar": ("Välj en bild.", "Pick a picture."),
    "player_name_too_long": ("Namnet är för långt.", "The name is too long."),
    "player_problem": ("Spelaren kunde inte sparas: {error}", "The player could not be saved: {error}"),
    "guest_note": ("Gäster sparas inte.", "Guests are not saved."),
    "choose_pack": ("Välj situationer", "Choose situations"),
    "pack_count": ("{count} situationer", "{count} situations"),
    "choose_level": ("Nivå", "Level"),
    "level_easy_note": ("Kort stund, tydlig hjälp.", "A short hold, lots of help."),
    "level_normal_note": ("Håll ansiktet en sekund.", "Hold your face for a second."),
    "level_hard_note": ("Gissa själv vilken känsla det är.", "Guess the feeling yourself."),
    "settings_button": ("Inställningar", "Settings"),
    "settings_title": ("Inställningar", "Settings"),
    "settings_done": ("Klar (Esc)", "Done (Esc)"),
    "camera": ("Kamera", "Camera"),
    "calm_mode": ("Lugnt läge (mindre rörelse, mjuka ljud)", "Calm mode (less motion, soft sounds)"),
    "pack_problem_line": ("{file}, rad {line}: {message}", "{file}, line {line}: {message}"),
    "pack_problems_title": ("Några situationsfiler har fel (lärare: öppna Lärare för att rätta):",
                            "Some situation files have mistakes (teachers: open Teacher to fix them):"),
    "pack_problems_more": ("… och {count} till", "… and {count} more"),
    "fb_getting_ready": ("Gör i ordning…", "Getting ready…"),
    "fb_calm": ("Lugnt ansikte…", "Calm face…"),
    "fb_try": ("Visa mig!", "Show me!"),
    "fb_bigger": ("Större!", "Bigger!"),
    "fb_almost": ("Nästan!", "Almost!"),
    "fb_hold": ("Håll kvar… {count}", "Hold it… {count}"),
    "fb_passed": ("Ja!", "Yes!"),
    "show_one_of": ("Visa: {names}", "Show: {names}"),
    "or": ("eller", "or"),
    "paused_title": ("Paus", "Paused"),
    "paused_sub": ("Tryck på mellanslag när du vill fortsätta.", "Press Space when you want to go on."),
    "confirm_stop_title": ("Vill du sluta spela?", "Do you want to stop playing?"),
    "confirm_stop_yes": ("Ja, sluta (Enter)", "Yes, stop (Enter)"),
    "confirm_stop_no": ("Nej, spela vidare (Esc)", "No, keep playing (Esc)"),
    "summary_stopped": ("Du slutade vid {index} av {total}", "You stopped at {index} of {total}"),
    "summary_all_done": ("Du klarade {passed} av {total}!", "You did {passed} of {total}!"),
    "summary_stickers": ("Dina klistermärken:", "Your stickers:"),
    "summary_saved_for": ("Sparat för {player}.", "Saved for {player}."),
    "unfinished": ("slutade här", "stopped here"),
    "teacher_view": ("Lärarvy (D)", "Teacher view (D)"),
    "calibrate_short": ("Ett lugnt ansikte…", "A calm face…"),
})
# ---------------------------------------------------------------- game screens (issue 12) end
# ======================================================================== teacher area (editor, progress)
# Kept in one block so that game texts and teacher texts merge without conflicts. Keys start with "ed_".
TEACHER_TEXTS = {
    "ed_window_title": ("Lärare: situationspaket och framsteg", "Teacher: situation packs and progress"),
    "ed_tab_packs": ("Situationspaket", "Situation packs"),
    "ed_tab_progress": ("Framsteg", "Progress"),
    "ed_packs": ("Paket", "Packs"),
    "ed_new_pack": ("&Nytt paket", "&New pack"),
    "ed_duplicate": ("&Kopiera", "D&uplicate"),
    "ed_rename": ("&Byt namn…", "&Rename…"),
    "ed_delete_pack": ("Ta bort paket…", "Delete pack…"),
    "ed_import": ("&Importera…", "&Import…"),
    "ed_export": ("&Exportera…", "&Export…"),
    "ed_pack": ("Paket", "Pack"),
    "ed_title": ("&Titel", "&Title"),
    "ed_language": ("&Språk", "&Language"),
    "ed_unknown_language": ("{code} (okänt språk)", "{code} (unknown language)"),
    "ed_age_range": ("&Ålder", "&Age range"),
    "ed_author": ("&Författare", "Auth&or"),
    "ed_description": ("Beskri&vning", "&Description"),
    "ed_situations": ("Situationer", "Situations"),
    "ed_add": ("Lägg till (Ctrl+N)", "Add (Ctrl+N)"),
    "ed_remove": ("Ta bort (Del)", "Remove (Del)"),
    "ed_up": ("Upp (Alt+↑)", "Up (Alt+↑)"),
    "ed_down": ("Ner (Alt+↓)", "Down (Alt+↓)"),
    "ed_situation": ("Situation", "Situation"),
    "ed_id": ("I&d", "Short na&me (id)"),
    "ed_text": ("Te&xt", "Te&xt"),
    "ed_target": ("&Uttryck som visas", "Ex&pression shown"),
    "ed_also": ("Godkänns också", "Also accepted"),
    "ed_also_tip": ("Andra uttryck som också passar situationen (till exempel rädd vid en hög smäll)",
                    "Other reactions that honestly fit too (for instance scared at a loud bang)"),
    "ed_hint": ("Ti&ps", "&Hint"),
    "ed_hold": ("Hå&lltid (s)", "Hold se&conds"),
    "ed_hold_default": ("nivåns standard", "level's default"),
    "ed_difficulty": ("Svårig&het", "Difficult&y"),
    "ed_difficulty_any": ("alla nivåer", "any level"),
    "ed_preview": ("Förhandsvisning (som barnet ser den)", "Preview (as the child sees it)"),
    "ed_preview_also": ("Godkänns också: {names}", "Also accepted: {names}"),
    "ed_save": ("Spa&ra", "&Save"),
    "ed_close": ("Stäng (Esc)", "Close (Esc)"),
    "ed_builtin_note": ("Inbyggt paket: kan inte ändras. Kopiera det för att göra en egen version.",
                        "Built-in pack: read-only. Duplicate it to make your own copy."),
    "ed_no_problems": ("Inga fel: paketet är klart att spela.", "No problems: this pack is ready to play."),
    "ed_game_skips": ("Spelet hoppar över paketet tills detta är rättat:",
                      "The game skips this pack until these are fixed:"),
    "ed_file_problems": ("När filen öppnades:", "When this file was opened:"),
    "ed_unreadable": ("De här filerna kunde inte öppnas:", "These files could not be opened:"),
    "ed_new_title": ("Nytt paket", "New pack"),
    "ed_copy_suffix": (" (kopia)", " (copy)"),
    "ed_unsaved_title": ("Osparade ändringar", "Unsaved changes"),
    "ed_unsaved_text": ("Vill du spara ändringarna i ”{title}”?", "Save the changes to “{title}”?"),
    "ed_delete_title": ("Ta bort paket", "Delete pack"),
    "ed_delete_text": ("Ta bort ”{title}”? En säkerhetskopia ligger kvar i paketmappen som {backup}.",
                       "Delete “{title}”? A backup stays in the packs folder as {backup}."),
    "ed_rename_title": ("Byt namn på paketet", "Rename pack"),
    "ed_rename_label": ("Ny titel:", "New title:"),
    "ed_import_title": ("Importera ett paket", "Import a pack"),
    "ed_export_title": ("Exportera paketet", "Export the pack"),
    "ed_file_filter": ("Situationspaket (*.toml)", "Scenario packs (*.toml)"),
    "ed_error_title": ("Problem", "Problem"),
    "ed_save_failed": ("Paketet kunde inte sparas, inget ändrades på disken:\n{error}",
                       "The pack could not be saved, nothing was changed on disk:\n{error}"),
    "ed_import_failed": ("Filen kan inte importeras:\n{problems}", "This file cannot be imported:\n{problems}"),
    "ed_import_ask_title": ("Importera ändå?", "Import anyway?"),
    "ed_import_ask": ("Paketet har fel. Spelet hoppar över det tills de är rättade:\n{problems}\n\n"
                      "Vill du importera det och rätta felen här?",
                      "The pack has problems. The game skips it until they are fixed:\n{problems}\n\n"
                      "Import it and fix them here?"),
    "ed_exported_title": ("Exporterat", "Exported"),
    "ed_exported": ("Paketet sparades som {path}", "The pack was saved as {path}"),
    "ed_unsaved_marker": (" •", " •"),
    # Progress view
    "pr_players": ("Barn", "Children"),
    "pr_class": ("Hela klassen", "Whole class"),
    "pr_no_players": ("Inga barn ännu. Resultat visas här när ett barn har spelat under sitt namn.",
                      "No children yet. Results appear here once a child has played under their name."),
    "pr_games": ("{games} spel, varav {stopped} avbrutna", "{games} games, {stopped} of them stopped early"),
    "pr_col_expression": ("Uttryck", "Expression"),
    "pr_col_practised": ("Övat", "Practised"),
    "pr_col_success": ("Lyckades", "Success"),
    "pr_col_median": ("Mediantid (s)", "Median time (s)"),
    "pr_col_stars": ("Stjärnor", "Stars"),
    "pr_col_children": ("Barn", "Children"),
    "pr_col_hard_for": ("Svårt för", "Hard for"),
    "pr_chart_title": ("Andel klarade situationer per spel", "Share of situations passed, game by game"),
    "pr_chart_axis": ("Spel", "Game"),
    "pr_chart_series": ("Klarade (%)", "Passed (%)"),
    "pr_class_title": ("Vad klassen tycker är svårt (svårast först)", "What the class finds hard (hardest first)"),
    "pr_export": ("Spara som CSV…", "Save as CSV…"),
    "pr_export_title": ("Spara resultat som CSV", "Save results as CSV"),
    "pr_csv_filter": ("CSV-filer (*.csv)", "CSV files (*.csv)"),
    "pr_exported": ("{rows} rader sparades i {path}", "{rows} rows saved to {path}"),
    "pr_delete": ("Radera barnets historik…", "Delete this child's history…"),
    "pr_delete_title": ("Radera historik", "Delete history"),
    "pr_delete_text": ("Radera {name} och alla {name}s resultat från den här datorn? Det går inte att ångra.",
                       "Delete {name} and all of {name}'s results from this computer? This cannot be undone."),
    "pr_failed": ("Det gick inte: {error}", "That did not work: {error}"),
}
TEXTS.update(TEACHER_TEXTS)

# Pack problems come from actor_trainer.packs.scenarios in English (the command line's language); the editor shows
# them in Swedish through these patterns. A message no pattern knows is shown as it is.
_SV_PROBLEMS = [
    (r'situation (\d+)( \("[^"]*"\))?: (?P<rest>.*)', None),
    (r"missing title", "titel saknas"),
    (r'unknown language "(.*)"; use one of (.*)', r'okänt språk "\1"; använd ett av \2'),
    (r"missing language; use one of (.*)", r"språk saknas; använd ett av \1"),
    (r"the pack has no situations; .*", "paketet har inga situationer; lägg till minst en [[scenario]]"),
    (r'duplicate id "(.*)" \(already used by situation (\d+)\)', r'id "\1" används redan (av situation \2)'),
    (r"missing id", "id saknas"),
    (r"missing text", "text saknas"),
    (r'unknown expression "(.*)"; use one of ([^(]*?) \(did you mean "(.*)"\?\)',
     r'okänt uttryck "\1"; använd ett av \2 (menade du "\3"?)'),
    (r'unknown expression "(.*)"; use one of (.*)', r'okänt uttryck "\1"; använd ett av \2'),
    (r"missing target; use one of (.*)", r"uttryck (target) saknas; använd ett av \1"),
    (r'"(.*?)" is listed twice in target.*', r'"\1" står två gånger i target'),
    (r"target is an empty list; .*",
     'target är en tom lista; skriv minst ett uttryck, till exempel ["surprise", "fear"]'),
    (r"hold_seconds must be between 0 and (.*)", r"hold_seconds måste vara mellan 0 och \1"),
    (r'unknown difficulty "(.*)"; use one of (.*)', r'okänd svårighet "\1"; använd en av \2'),
    (r'unknown key "(.*)" \(expected one of (.*)\)', r'okänd nyckel "\1" (tillåtna: \2)'),
    (r"wrong type: (\w+) must be text in quotes, not (?P<type>.*)",
     r"fel typ: \1 ska vara text inom citattecken, inte "),
    (r"wrong type: (\w+) must be a number of seconds, not (?P<type>.*)",
     r"fel typ: \1 ska vara ett antal sekunder, inte "),
    (r"wrong type: every target in the list must be text in quotes, not (?P<type>.*)",
     "fel typ: varje uttryck i listan ska vara text inom citattecken, inte "),
    (r"wrong type: write each situation as a \[\[scenario\]\] table.*",
     "fel typ: skriv varje situation som en [[scenario]]-tabell (dubbla hakparenteser)"),
    (r"wrong type: situation (\d+) must be a \[\[scenario\]\] table",
     r"fel typ: situation \1 ska vara en [[scenario]]-tabell"),
    (r"a quote is not closed on line (\d+).*",
     r"ett citattecken är inte stängt på rad \1: texten måste sluta med samma citattecken som den börjar med"),
    (r"an = sign is missing on line (\d+).*",
     r'ett =-tecken saknas på rad \1: skriv nyckeln, = och värdet, till exempel title = "Mitt paket"'),
    (r"line (\d+) has a value the game does not understand.*",
     r'rad \1 har ett värde som spelet inte förstår: skriv text inom citattecken (target = "happy") '
     r"och tal med punkt (hold_seconds = 2.5)"),
    (r"a key is written twice \(line (\d+)\).*",
     r"en nyckel står två gånger (rad \1): varje nyckel får finnas en gång i paketet och i varje situation"),
    (r"a bracket is missing on line (\d+).*",
     r"en hakparentes saknas på rad \1: varje situation börjar med raden [[scenario]]"),
    (r"a list is not closed on line (\d+).*",
     r'en lista är inte stängd på rad \1: avsluta den med ], till exempel target = ["surprise", "fear"]'),
    (r"line (\d+) has something extra after its value.*",
     r"rad \1 har något extra efter värdet: en nyckel per rad, tal med punkt (2.5, inte 2,5), text inom citattecken"),
    (r"not UTF-8 text \(byte (\w+)\).*", r"inte UTF-8-text (byte \1); spara filen som UTF-8"),
    (r"cannot read the file: (.*)", r"filen kan inte läsas: \1"),
    (r"not valid TOML: (.*)", r"inte giltig TOML: \1"),
]
_SV_TYPES = [(r"the number (.*)", r"talet \1"), (r"a list", "en lista"), (r"a table", "en tabell"),
             (r"true/false", "sant/falskt"), (r"text", "text"), (r"a date or time", "ett datum eller en tid")]


def problem_text(message: str, lang: str = "sv") -> str:
    """A pack problem in the app's language."""
    if lang != "sv":
        return message
    for pattern, swedish in _SV_PROBLEMS:
        match = re.fullmatch(pattern, message)
        if match is None:
            continue
        if swedish is None:  # "situation 2 ("id"): ..." keeps its label, the rest is translated
            return message[:match.start("rest")] + problem_text(match.group("rest"), lang)
        text = match.expand(swedish)
        if "type" in match.groupdict():
            text += _translate(match.group("type"), _SV_TYPES)
        return text
    return message


def _translate(text: str, table: list[tuple[str, str]]) -> str:
    for pattern, replacement in table:
        match = re.fullmatch(pattern, text)
        if match:
            return match.expand(replacement)
    return text
# ======================================================================== end of the teacher area block

_INDEX = {"sv": 0, "en": 1}


def tr(key: str, lang: str = "sv", **values) -> str:
    text = TEXTS[key][_INDEX.get(lang, 0)]
    return text.format(**values) if values else text


def expression_name(expression: str, lang: str = "sv") -> str:
    return EXPRESSION_NAMES.get(lang, EXPRESSION_NAMES["sv"]).get(expression, expression)
