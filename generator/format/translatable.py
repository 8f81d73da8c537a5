"""The mark for an interface string that a stage below the render stage defines (a
vocabulary's labels, an export's name): ``N_("...")`` puts it in the message catalogue
(generator.render.i18n extracts every ``N_``), and the render stage translates it where a
learner reads it. Data files and exports keep the English the mark returns unchanged.

The format stage cannot import generator.render (stages import only downward), so the mark
lives here, as the identity it is.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """``message`` as it is: marked for translation where it is shown."""
    return message
