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

_INDEX = {"sv": 0, "en": 1}


def tr(key: str, lang: str = "sv", **values) -> str:
    text = TEXTS[key][_INDEX.get(lang, 0)]
    return text.format(**values) if values else text


def expression_name(expression: str, lang: str = "sv") -> str:
    return EXPRESSION_NAMES.get(lang, EXPRESSION_NAMES["sv"]).get(expression, expression)
