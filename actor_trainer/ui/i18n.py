"""Every text the game shows, in Swedish and English. `tr(key, lang, **values)`."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QCollator, QLocale, Qt

from actor_trainer.packs.problems import ProblemText

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
    "level": ("Nivå", "Level"),
    "level_easy": ("Lätt", "Easy"),
    "level_normal": ("Lagom", "Normal"),
    "level_hard": ("Svår", "Hard"),
    "read_aloud": ("Läs upp texten", "Read the text aloud"),
    "speech_no_module": ("(talsyntesen saknas i den här installationen)", "(this installation has no speech module)"),
    "speech_no_engine": ("(ingen talsyntes på den här datorn)", "(no speech engine on this computer)"),
    # {error} is the speech engine's own words (QTextToSpeech.errorString()): they come from the engine plug-in,
    # which Qt does not translate, and differ from engine to engine, so we cannot say them in Swedish; they stay
    # a quoted detail after our own sentence, which a teacher can search for or pass on.
    "speech_engine_failed": ("(talsyntesen startade inte; dess eget meddelande, på engelska: ”{error}”)",
                             "(the speech engine did not start; its own message: “{error}”)"),
    "speech_no_voice": ("(ingen svensk röst på den här datorn)", "(no English voice on this computer)"),
    "speech_checking": ("(letar efter en röst …)", "(looking for a voice …)"),
    "speech_not_answering": ("(talsyntesen svarar inte, så uppläsningen är av tills spelet startas om)",
                             "(the speech engine does not answer, so reading aloud is off until the game restarts)"),
    "speech_no_sound": ("(talsyntesen hörs inte: datorn har inget ljud ut, så uppläsningen är av)",
                        "(the speech engine makes no sound: this computer has no sound output, so reading aloud "
                        "is off)"),
    "sound_unavailable": ("(inget ljud kan spelas på den här datorn)", "(no sound can play on this computer)"),
    "sound": ("Ljud", "Sound"),
    "start": ("Starta (Enter)", "Start (Enter)"),
    "teacher": ("Lärare (Ctrl+T)", "Teacher (Ctrl+T)"),
    "quit": ("Avsluta (Ctrl+Q)", "Quit (Ctrl+Q)"),
    "no_packs": ("Inga situationer hittades.", "No situations found."),
    "pack_problems": ("{count} fel i situationsfiler (se lärarläget).",
                      "{count} problems in situation files (see Teacher)."),
    "editor_missing": ("Lärarläget kunde inte öppnas: {error}", "The teacher editor could not open: {error}"),
    "getting_ready": ("Gör i ordning kameran…", "Getting the camera ready…"),
    "baseline_title": ("Först: titta in i kameran med ett lugnt ansikte",
                       "First: look at the camera with a calm face"),
    "baseline_sub": ("Så lär sig spelet hur just ditt ansikte ser ut.",
                     "This teaches the game what your face looks like."),
    "baseline_skip": ("Hoppa över (S)", "Skip (S)"),
    "show": ("Visa: {name} {emoji}", "Show: {name} {emoji}"),
    "guess": ("Hur skulle du känna dig?", "How would you feel?"),
    "hint": ("Tips: {hint}", "Hint: {hint}"),
    "no_face": ("Kom närmare kameran 🙂", "Come closer to the camera 🙂"),
    "cam_too_dark": ("För mörkt – tänd en lampa 💡", "Too dark – turn on a light 💡"),
    "cam_too_far": ("Kom lite närmare 🔍", "Come a little closer 🔍"),
    "cam_turned_away": ("Titta mot kameran 👀", "Look at the camera 👀"),
    "cam_two_faces": ("Bara ett ansikte, tack 👤", "Just one face, please 👤"),
    "teacher_cam_too_dark": ("Kamera: för mörkt, ansiktet bedöms inte. Ljus framifrån hjälper.",
                             "Camera: too dark, the face is not judged. Light from the front helps."),
    "teacher_cam_too_far": ("Kamera: ansiktet är litet (långt bort); avläsningen är osäkrare.",
                            "Camera: the face is small (far away); readings are less sure."),
    "teacher_cam_turned_away": ("Kamera: huvudet är vänt bort; avläsningen är osäkrare.",
                                "Camera: the head is turned away; readings are less sure."),
    "teacher_cam_two_faces": ("Kamera: två ansikten; det följda i mitten bedöms.",
                              "Camera: two faces; the followed one in the middle is judged."),
    "cam_too_close": ("Flytta dig lite bakåt 🔙", "Move back a little 🔙"),
    "cam_backlit": ("Ljuset är bakom dig ☀️", "The light is behind you ☀️"),
    "cam_covered": ("Ta bort handen från munnen ✋", "Take your hand from your mouth ✋"),
    "teacher_cam_too_close": ("Kamera: ansiktet är för nära för att synas helt; det bedöms inte.",
                              "Camera: the face is too close to be seen whole; it is not judged."),
    "teacher_cam_backlit": ("Kamera: ljus bakifrån (ett fönster?) gör ansiktet mörkt; det bedöms inte. "
                            "Vänd kameran eller dra för gardinen.",
                            "Camera: light from behind (a window?) leaves the face dark; it is not judged. "
                            "Turn the camera or draw the curtain."),
    "teacher_cam_covered": ("Kamera: munnen är dold (en hand, en mask, håret); ansiktet bedöms inte.",
                            "Camera: the mouth is hidden (a hand, a mask, hair); the face is not judged."),
    "cam_brows_hidden": ("Flytta håret från ögonbrynen 💇", "Push your hair off your eyebrows 💇"),
    "cam_glare": ("Ljuset glänser i glasögonen 👓", "The light shines on your glasses 👓"),
    "teacher_cam_brows_hidden": ("Kamera: ögonbrynen är dolda (lugg, mössa, keps); ansiktet bedöms inte.",
                                 "Camera: the eyebrows are hidden (a fringe, a hat, a cap); the face is not judged."),
    "teacher_cam_glare": ("Kamera: ljus som glänser i glasögonen döljer ögonen; ansiktet bedöms inte. "
                          "Flytta lampan eller vinkla glasögonen.",
                          "Camera: glare on the glasses hides the eyes; the face is not judged. "
                          "Move the lamp or tilt the glasses."),
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
    # a save that failed (actor_trainer/people/saving.py REASONS); {error} is the system's own words
    "save_failed_no_space": ("Resultatet kunde inte sparas: disken är full.", "The results could not be saved: "
                             "the disk is full."),
    "save_failed_read_only": ("Resultatet kunde inte sparas: spelet får inte skriva i sin mapp.",
                              "The results could not be saved: the game may not write in its folder."),
    "save_failed_unknown_player": ("Resultatet sparades inte: {player} finns inte längre (läraren tog bort "
                                   "spelaren).", "The results were not saved: {player} no longer exists (the "
                                   "teacher removed the player)."),
    "save_failed_damaged": ("Resultatet kunde inte sparas: filen för {player} är skadad (se lärarläget).",
                            "The results could not be saved: the file of {player} is damaged (see Teacher)."),
    "save_failed_other": ("Resultatet kunde inte sparas. Systemets eget meddelande, på engelska: ”{error}”",
                          "The results could not be saved. The system's own message: “{error}”"),
    "save_kept_pending": ("Spelet är sparat vid sidan om och läggs till nästa gång spelet startar.",
                          "The game is kept aside and added the next time the game starts."),
    "save_kept_memory": ("Spelet finns kvar tills du stänger spelet: tryck S för att försöka igen.",
                         "The game is kept until you close the game: press S to try again."),
    "player_problem_no_space": ("Spelaren kunde inte sparas: disken är full.",
                                "The player could not be saved: the disk is full."),
    "player_problem_read_only": ("Spelaren kunde inte sparas: spelet får inte skriva i sin mapp.",
                                 "The player could not be saved: the game may not write in its folder."),
    "players_read_only": ("Spelarmappen kan inte ändras (den är skrivskyddad eller en annan användares): "
                          "spelarna visas, men inga nya spelare eller resultat kan sparas.",
                          "The players folder cannot be changed (it is read-only or another user's): the players "
                          "are shown, but no new player or result can be saved."),
    "save_again": ("Spara igen (S)", "Save again (S)"),
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
    "error_camera_busy": ("Kameran används nog av ett annat program", "Another program may be using the camera"),
    "error_camera_busy_help": ("Kameran startar men visar ingen bild. Ett annat program (till exempel ett "
                               "videosamtal) kan använda kameran: stäng det och tryck på Försök igen.",
                               "The camera starts but shows no picture. Another program (a video call, "
                               "perhaps) may be using the camera: close it and press Retry."),
    "error_model": ("Uttrycksmodellen kunde inte laddas", "The expression model could not be loaded"),
    "error_model_help": ("Installera om programmet, eller träna en ny modell med `python -m training` "
                         "och ange mappen med --model.",
                         "Reinstall the program, or train a new model with `python -m training` "
                         "and pass its folder with --model."),
    # the same advice in the app bundle (the download), which has no `python -m training`
    "error_model_help_bundle": ("Ladda ner spelet igen och packa upp det i en ny mapp. Be den som gav dig "
                                "spelet om hjälp om det händer igen.",
                                "Download the game again and unpack it into a new folder. Ask whoever gave you "
                                "the game for help if it happens again."),
    # what is wrong with the model (ModelError.code in vision/classifier.py); {name} is the file's name
    "model_missing": ("Modellen saknas ({name}).", "The model is missing ({name})."),
    "model_unreadable": ("Modellfilen {name} kan inte läsas.", "The model file {name} cannot be read."),
    "model_broken": ("Modellfilen {name} är trasig.", "The model file {name} is broken."),
    "model_damaged": ("Modellfilen {name} är skadad: den är inte den som exporterades.",
                      "The model file {name} is damaged: it is not the one that was exported."),
    "model_mismatch": ("Modellfilen {name} passar inte ihop med model.json.",
                       "The model file {name} does not match model.json."),
    "model_needs_packages": ("Modellen {name} behöver TensorFlow och Keras, som spelet inte har.",
                             "The model {name} needs TensorFlow and Keras, which the game does not have."),
    "model_nonfinite": ("Modellen {name} ger inga giltiga svar (den är trasig).",
                        "The model {name} gives no valid answers (it is broken)."),
    "model_other": ("Ett bibliotek sa, på engelska: ”{error}”", "A library said: “{error}”"),
    "model_no_runtime": ("Programmet som kör modellen (LiteRT) saknas.",
                         "The program that runs the model (LiteRT) is missing."),
    "error_source": ("Videon eller bilderna kunde inte spelas", "The video or the pictures could not be played"),
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
    "players_unsaved": ("Spelare kan inte sparas på den här datorn ({error}). Spela som gäst; en lärare kan "
                        "kontrollera mappen.",
                        "Players cannot be saved on this computer ({error}). Play as a guest; a teacher can check "
                        "the folder."),
    "guest_note": ("Gäster sparas inte.", "Guests are not saved."),
    "choose_pack": ("Välj situationer", "Choose situations"),
    "pack_count_left_out": ("{count} på den här nivån (av {total})", "{count} at this level (of {total})"),
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
    "confirm_stop_yes": ("Ja, sluta (J)", "Yes, stop (Y)"),
    "confirm_stop_no": ("Nej, spela vidare (Enter)", "No, keep playing (Enter)"),
    "summary_stopped": ("Du slutade vid {index} av {total}", "You stopped at {index} of {total}"),
    "summary_all_done": ("Du klarade {passed} av {total}!", "You did {passed} of {total}!"),
    "summary_stickers": ("Dina klistermärken:", "Your stickers:"),
    "summary_saved_for": ("Sparat för {player}.", "Saved for {player}."),
    "unfinished": ("slutade här", "stopped here"),
    "seconds_short": ("{seconds} s", "{seconds} s"),
    "teacher_view": ("Lärarvy (D)", "Teacher view (D)"),
    "baseline_short": ("Ett lugnt ansikte…", "A calm face…"),
})
# ---------------------------------------------------------------- game screens (issue 12) end
# ---------------------------------------------------------------- coaching the parts of the face (issue 31) begin
TEXTS.update({
    # the child's cue: one short sentence per facial action (play/actions.py ACTIONS); two cues are shown together
    "coach_brows_raised": ("Lyft ögonbrynen högt!", "Lift your eyebrows high!"),
    "coach_brows_lowered": ("Dra ner ögonbrynen!", "Pull your eyebrows down!"),
    "coach_brows_together": ("Dra ihop ögonbrynen!", "Pull your eyebrows together!"),
    "coach_eyes_widened": ("Gör stora ögon!", "Open your eyes wide!"),
    "coach_eyes_narrowed": ("Kisa lite med ögonen!", "Make your eyes a bit narrow!"),
    "coach_nose_wrinkled": ("Rynka på näsan!", "Wrinkle your nose!"),
    "coach_upper_lip_raised": ("Dra upp överläppen!", "Pull your top lip up!"),
    "coach_lip_corners_up": ("Dra upp mungiporna!", "Pull the corners of your mouth up!"),
    "coach_lip_corners_down": ("Dra ner mungiporna!", "Pull the corners of your mouth down!"),
    "coach_mouth_opened": ("Öppna munnen!", "Open your mouth!"),
    "coach_mouth_widened": ("Gör munnen bred!", "Make your mouth wide!"),
    "coach_lips_pressed": ("Pressa ihop läpparna!", "Press your lips together!"),
    # the teacher view (D): each facial action the shown expression is made of, against the calm face
    "coach_teacher_title": ("Ansiktet mot det lugna (ögonavstånd):", "The face against its calm face (eye distances):"),
    "coach_teacher_row": ("{name}: {moved} av {typical} · pålitlig {share}",
                          "{name}: {moved} of {typical} · reliable {share}"),
    "coach_teacher_unreliable": ("{name}: {moved} · tränas inte, osäker ({share})",
                                 "{name}: {moved} · not coached, unreliable ({share})"),
    "coach_teacher_no_calm": ("Inget lugnt ansikte uppmätt: ingen coachning.", "No calm face measured: no coaching."),
    "coach_name_brows_raised": ("ögonbryn upp", "brows raised"),
    "coach_name_brows_lowered": ("ögonbryn ner", "brows lowered"),
    "coach_name_brows_together": ("ögonbryn ihop", "brows together"),
    "coach_name_eyes_widened": ("stora ögon", "eyes wide"),
    "coach_name_eyes_narrowed": ("smala ögon", "eyes narrowed"),
    "coach_name_nose_wrinkled": ("rynkad näsa", "nose wrinkled"),
    "coach_name_upper_lip_raised": ("överläpp upp", "upper lip raised"),
    "coach_name_lip_corners_up": ("mungipor upp", "lip corners up"),
    "coach_name_lip_corners_down": ("mungipor ner", "lip corners down"),
    "coach_name_mouth_opened": ("munnen öppen", "mouth open"),
    "coach_name_mouth_widened": ("munnen bred", "mouth wide"),
    "coach_name_lips_pressed": ("läppar ihop", "lips pressed"),
})
# ---------------------------------------------------------------- coaching the parts of the face (issue 31) end
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
    "ed_picture": ("Bild", "Picture"),
    "ed_picture_default": ("Ingen egen bild (teatermaskerna)", "No picture of its own (the theatre masks)"),
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
    "ed_min_level": ("Svårig&het", "Difficult&y"),
    "ed_min_level_any": ("alla nivåer", "any level"),
    "ed_preview": ("Förhandsvisning (som barnet ser den)", "Preview (as the child sees it)"),
    "ed_preview_also": ("Godkänns också: {names}", "Also accepted: {names}"),
    "ed_save": ("Spa&ra", "&Save"),
    "ed_close": ("Stäng (Esc)", "Close (Esc)"),
    "ed_builtin_note": ("Inbyggt paket: kan inte ändras. Kopiera det för att göra en egen version.",
                        "Built-in pack: read-only. Duplicate it to make your own copy."),
    "ed_repair": ("Rätta stavningen: {keys}", "Repair the spelling: {keys}"),
    "ed_plays_but": ("Spelet spelar paketet, men:", "The game plays this pack, but:"),
    "ed_no_problems": ("Inga fel: paketet är klart att spela.", "No problems: this pack is ready to play."),
    "ed_game_skips": ("Spelet hoppar över paketet tills detta är rättat:",
                      "The game skips this pack until these are fixed:"),
    "ed_file_problems": ("När filen öppnades:", "When this file was opened:"),
    "ed_unreadable": ("De här filerna kunde inte öppnas:", "These files could not be opened:"),
    "ed_open_unreadable": ("Öppna i textredigerare…", "Open in a text editor…"),
    "ed_open_unreadable_tip": ("Rätta felet på raden som nämns, spara och öppna Lärare igen.",
                               "Fix the mistake on the line named, save, and open Teacher again."),
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
    "pr_games": ("{games}, varav {stopped}", "{games}, {stopped}"),
    "pr_damaged_file": ("{file} (skadad fil, visas inte)", "{file} (damaged file, not shown)"),
    "pr_damaged_games": ("{count} skadade spel visas inte:", "{count} damaged games are not shown:"),
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
    "pr_delete": ("Radera barnets historik…", "Delete this child's history…"),
    "pr_delete_title": ("Radera historik", "Delete history"),
    "pr_delete_text": ("Radera {name} och alla {name}s resultat från den här datorn? Det går inte att ångra.",
                       "Delete {name} and all of {name}'s results from this computer? This cannot be undone."),
    "pr_failed": ("Det gick inte: {error}", "That did not work: {error}"),
}
TEXTS.update(TEACHER_TEXTS)

# Pack problems are data (actor_trainer.packs.problems: a code and its parameters); the English sentence is the
# command line's. The editor and the start screen say them in Swedish from these templates, key for key.
SV_PROBLEMS = {
    "missing_title": "titel saknas",
    "unknown_language": 'okänt språk "{language}"; använd ett av {known}',
    "missing_language": "språk saknas; använd ett av {known}",
    "no_situations": "paketet har inga situationer; lägg till minst en [[scenario]]",
    "duplicate_id": 'id "{id}" används redan (av situation {first})',
    "missing_id": "id saknas",
    "picture_in_folder": 'bilden "{picture}" måste ligga i paketets egen mapp (inga mappar)',
    "picture_missing": 'bildfilen "{picture}" finns inte bredvid paketet',
    "picture_not_emoji": 'bilden "{picture}" är varken en emoji eller ett {suffixes}-filnamn',
    "missing_text": "text saknas",
    "missing_target": "uttryck (target) saknas; använd ett av {known}",
    "unknown_expression": 'okänt uttryck "{name}"; använd ett av {known}',
    "unknown_expression_guess": 'okänt uttryck "{name}"; använd ett av {known} (menade du "{guess}"?)',
    "listed_twice": '"{name}" står två gånger i target',
    "listed_twice_as": '"{written}" står två gånger i target (samma som "{name}")',
    "hold_out_of_range": "hold_seconds måste vara mellan 0 och {limit}",
    "unknown_difficulty": 'okänd svårighet "{difficulty}"; använd en av {known}',
    "unknown_key": 'okänd nyckel "{key}" (tillåtna: {known})',
    "unknown_key_guess": 'okänd nyckel "{key}": menade du "{guess}"? (texten sparas tills du rättar den)',
    "not_text": "fel typ: {key} ska vara text inom citattecken, inte {found}",
    "not_seconds": "fel typ: {key} ska vara ett antal sekunder, inte {found}",
    "target_not_text": "fel typ: varje uttryck i listan ska vara text inom citattecken, inte {found}",
    "empty_target_list": 'target är en tom lista; skriv minst ett uttryck, till exempel ["surprise", "fear"]',
    "situations_not_tables": "fel typ: skriv varje situation som en [[scenario]]-tabell (dubbla hakparenteser)",
    "situation_not_table": "fel typ: situation {number} ska vara en [[scenario]]-tabell",
    "file_too_large": "filen är för stor för ett paket (över {limit_kb} kB)",
    "unreadable": "filen kan inte läsas: {reason}",
    "not_utf8": "inte UTF-8-text (byte {byte}); spara filen som UTF-8",
    "nested_too_deeply": "listorna eller tabellerna ligger för djupt inuti varandra för att kunna läsas",
    "quote_not_closed": ("ett citattecken är inte stängt på rad {line}: texten måste sluta med samma citattecken "
                         "som den börjar med"),
    "equals_missing": ('ett =-tecken saknas på rad {line}: skriv nyckeln, = och värdet, '
                       'till exempel title = "Mitt paket"'),
    "bad_value": ('rad {line} har ett värde som spelet inte förstår: skriv text inom citattecken (target = "happy") '
                  "och tal med punkt (hold_seconds = 2.5)"),
    "key_twice": ("en nyckel står två gånger (rad {line}): varje nyckel får finnas en gång i paketet och i varje "
                  "situation"),
    "bracket_missing": "en hakparentes saknas på rad {line}: varje situation börjar med raden [[scenario]]",
    "list_not_closed": ('en lista är inte stängd på rad {line}: avsluta den med ], '
                        'till exempel target = ["surprise", "fear"]'),
    "extra_after_value": ("rad {line} har något extra efter värdet: en nyckel per rad, tal med punkt (2.5, inte 2,5), "
                          "text inom citattecken"),
    "not_toml": "inte giltig TOML: {reason}",
    "text_too_long": ("texten har {length} tecken, för lång för en liten skärm (1024x600) bredvid kamerabilden: "
                      "spelet skriver den mindre; upp till {limit} får plats i vanlig storlek"),
    "hint_too_long": ("tipset har {length} tecken, för långt för en liten skärm (1024x600): spelet skriver det "
                      "mindre; upp till {limit} får plats i vanlig storlek"),
    "mac_companion": ('en dold fil som en Mac skriver bredvid "{name}" på ett USB-minne, inget paket; '
                      'välj "{name}" i stället'),
}
SV_TYPES = {"bool": "sant/falskt", "number": "talet {value}", "list": "en lista", "table": "en tabell", "text": "text",
            "datetime": "ett datum eller en tid"}
SV_SITUATION = ('situation {number} ("{id}")', "situation {number}")


def problem_text(message: str, lang: str = "sv") -> str:
    """A pack problem in the app's language: a ProblemText is said from its code and parameters; any other
    text (an error from the file system, say) is shown as it is."""
    if lang == "sv" and isinstance(message, ProblemText):
        return message.say(SV_PROBLEMS, SV_TYPES, SV_SITUATION)
    return str(message)
# ======================================================================== end of the teacher area block

# ---------------------------------------------------------------- sources, settings, editor look (walk-24d) begin
# Camera and video problems are data (actor_trainer.vision.frames.SourceError: a code and its parameters); the
# English sentence with its command-line hint is the command line's. The window says them from these, key
# "source_" + code: file and folder names without their paths, and what a teacher can do in the window.
TEXTS.update({
    "source_no_camera": ("Kamera nummer {index} gick inte att öppna. Välj ett annat kameranummer under "
                         "Inställningar på startsidan.",
                         "Camera number {index} did not open. Choose another camera number in Settings on the "
                         "start page."),
    "source_not_a_video": ("{name} gick inte att spela som video.", "{name} could not be played as a video."),
    "source_no_images": ("Det finns inga bilder att spela.", "There are no pictures to play."),
    "source_no_images_in_folder": ("Mappen {name} har inga bilder.", "The folder {name} has no pictures."),
    "source_no_such_path": ("{name} finns inte (flyttad eller borttagen?).",
                            "{name} does not exist (moved or deleted?)."),
    "source_not_media": ("{name} är varken en bild eller en video som spelet kan läsa.",
                         "{name} is neither a picture nor a video the game can read."),
    "source_not_a_file": ("{name} är ingen vanlig fil, så spelet kan inte spela den.",
                          "{name} is not an ordinary file, so the game cannot play it."),
    "picture_folder_button": ("Spela från bildmapp (F)", "Play from a picture folder (F)"),
    "choose_picture_folder": ("Välj en mapp med bilder", "Choose a folder of pictures"),
    "filter_videos": ("Videofiler", "Video files"),
    "filter_pictures": ("Bilder", "Pictures"),
    "filter_all": ("Alla filer", "All files"),
    "source_in_use": ("Spelar från", "Playing from"),
    "use_camera_again": ("Använd kameran igen", "Use the camera again"),
    "source_is_video": ("{name} (videofil)", "{name} (video file)"),
    "source_is_folder": ("{name} (bildmapp)", "{name} (picture folder)"),
    "source_is_picture": ("{name} (bild)", "{name} (picture)"),
    "source_camera_unused": ("Kameran används inte medan spelet spelar från en fil eller mapp.",
                             "The camera is not used while the game plays from a file or folder."),
    "ed_duplicate_to_edit": ("Kopiera för att ändra", "Duplicate to edit"),
    "ed_read_only_tip": ("Inbyggt paket: kan inte ändras. Tryck på ”Kopiera för att ändra”.",
                         "Built-in pack: read-only. Press “Duplicate to edit”."),
})


def source_problem_text(detail, lang: str = "sv") -> str:
    """The error screen's details in the window's language: a SourceError is said from its code and parameters
    (file and folder names without their paths); any other text (a camera driver's or the file system's own,
    which we do not own) is shown as it is."""
    code = getattr(detail, "code", None)
    key = f"source_{code}"
    if not code or key not in TEXTS:
        return str(detail)
    values = dict(detail.params)
    if "path" in values:
        values["name"] = Path(values["path"]).name or values["path"]
    return tr(key, lang, **values)
# ---------------------------------------------------------------- sources, settings, editor look (walk-24d) end

def model_problem_text(detail, lang: str = "sv") -> str:
    """The model screen's details in the window's language: a ModelError from its code and its file's name;
    anything else (a face detector's or a library's own words) as it is, after our own sentence."""
    code = getattr(detail, "code", None)
    key = f"model_{code}"
    if not code or key not in TEXTS or not hasattr(detail, "path"):
        return tr("model_other", lang, error=detail) if detail else ""
    return tr(key, lang, name=Path(detail.path).name or detail.path or "model.json")


_INDEX = {"sv": 0, "en": 1}

# Texts with a count: (one, other) per language; both languages use "one" for exactly 1.
PLURALS = {
    "situations": {"sv": ("{count} situation", "{count} situationer"),
                   "en": ("{count} situation", "{count} situations")},
    "games": {"sv": ("{count} spel", "{count} spel"), "en": ("{count} game", "{count} games")},
    "broken_pack_files": {"sv": ("{count} fil med situationer har fel: läraren rättar den under Lärare.",
                                 "{count} filer med situationer har fel: läraren rättar dem under Lärare."),
                          "en": ("{count} situation file has mistakes: a teacher fixes it under Teacher.",
                                 "{count} situation files have mistakes: a teacher fixes them under Teacher.")},
    "csv_rows": {"sv": ("{count} rad sparades i {path}", "{count} rader sparades i {path}"),
                 "en": ("{count} row saved to {path}", "{count} rows saved to {path}")},
    "left_out_note": {"sv": ("{count} situation i paketet är för en svårare nivå och väntar.",
                             "{count} situationer i paketet är för en svårare nivå och väntar."),
                      "en": ("{count} situation in this pack is for a harder level and waits.",
                             "{count} situations in this pack are for a harder level and wait.")},
    "practice_note": {"sv": ("{count} kommer tillbaka en gång till för att öva.",
                             "{count} kommer tillbaka en gång till för att öva."),
                      "en": ("{count} comes back once more to practise.", "{count} come back once more to practise.")},
    "stopped_games": {"sv": ("{count} avbrutet", "{count} avbrutna"),
                      "en": ("{count} of them stopped early", "{count} of them stopped early")},
}


def tr(key: str, lang: str = "sv", **values) -> str:
    text = TEXTS[key][_INDEX.get(lang, 0)]
    return text.format(**values) if values else text


def tr_count(key: str, count: int, lang: str = "sv", **values) -> str:
    """A text with a number in it, singular for 1 ("1 situation") and plural otherwise ("2 situations")."""
    forms = PLURALS[key].get(lang, PLURALS[key]["sv"])
    return forms[0 if count == 1 else 1].format(count=count, **values)


def name_order(lang: str):
    """A sort key for players (anything with a `.name`) in the language's alphabet (Swedish: ... Z, Å, Ä, Ö;
    English: Å and Ä with A), any case. Qt's QCollator, that is ICU's collation data for the locale."""
    collator = QCollator(QLocale({"sv": "sv_SE", "en": "en_GB"}.get(lang, lang)))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return functools.cmp_to_key(lambda a, b: collator.compare(a.name, b.name))


def decimal(value: float, lang: str = "sv", digits: int = 1) -> str:
    """A number as the language writes it: 2,5 in Swedish, 2.5 in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def expression_name(expression: str, lang: str = "sv") -> str:
    return EXPRESSION_NAMES.get(lang, EXPRESSION_NAMES["sv"]).get(expression, expression)
