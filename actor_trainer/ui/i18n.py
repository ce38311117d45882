"""Every text the game shows, in Swedish and English. `tr(key, lang, **values)`."""

from __future__ import annotations

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

_INDEX = {"sv": 0, "en": 1}


def tr(key: str, lang: str = "sv", **values) -> str:
    text = TEXTS[key][_INDEX.get(lang, 0)]
    return text.format(**values) if values else text


def expression_name(expression: str, lang: str = "sv") -> str:
    return EXPRESSION_NAMES.get(lang, EXPRESSION_NAMES["sv"]).get(expression, expression)
