"""The seven expressions, their synonyms and emoji. Pure Python."""

EXPRESSIONS = ("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")

EMOJI = {
    "angry": "\N{POUTING FACE}",
    "disgust": "\N{NAUSEATED FACE}",
    "fear": "\N{FEARFUL FACE}",
    "happy": "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}",
    "neutral": "\N{NEUTRAL FACE}",
    "sad": "\N{CRYING FACE}",
    "surprise": "\N{FACE WITH OPEN MOUTH}",
}

_SYNONYMS = {
    "anger": "angry",
    "angry": "angry",
    "mad": "angry",
    "disgust": "disgust",
    "disgusted": "disgust",
    "fear": "fear",
    "fearful": "fear",
    "afraid": "fear",
    "scared": "fear",
    "happy": "happy",
    "happiness": "happy",
    "joy": "happy",
    "neutral": "neutral",
    "calm": "neutral",
    "sad": "sad",
    "sadness": "sad",
    "surprise": "surprise",
    "surprised": "surprise",
    # the child-friendly Swedish names the game shows (files may use them too)
    "arg": "angry",
    "äcklad": "disgust",
    "äcklade": "disgust",
    "rädd": "fear",
    "skrämd": "fear",
    "glad": "happy",
    "lugn": "neutral",
    "ledsen": "sad",
    "förvånad": "surprise",
    "överraskad": "surprise",
}


def canonical_expression(name: str) -> str | None:
    """Map a folder or label name ("Happiness", "surprised") to one of EXPRESSIONS, or None."""
    return _SYNONYMS.get(name.strip().lower())
