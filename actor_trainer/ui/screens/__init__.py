"""The screens of the game, one module each: start, play (calm-face baseline, feedback, success, pause, stop?),
summary and error; common.py holds what they build with. Widgets only: the flow lives in
actor_trainer.play.session, and main_window.MainWindow renders its Views on them."""
