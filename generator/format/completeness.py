"""The EU completeness mark: which Annex I elements a credential leaves unsaid.

One rule, used by the site's mark, the exports (`annex_i_complete`), the pull-request
report and `credir validate`'s warning, so that what the site marks as missing is what
the provider was warned about. It reads a validated credential only: no import of the
models here, so that the directory can ask it without loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.format.models import Credential

# The optional fields the mark needs: the template and `credir new` ask for them, so that
# a file filled in as offered is complete.
FIELDS_FOR_THE_MARK = (("level",), ("level", "eqf"))


def missing_annex_i(credential: Credential) -> list[str]:
    """Annex I elements with nothing to show; the level counts only when EQF is given
    (a national level alone cannot be compared across countries). The other mandatory
    elements (title, awarding bodies, countries, learning outcomes, workload, assessment,
    participation, quality assurance) are required by the model or default from the
    provider, so only the level can be missing."""
    missing = []
    if credential.level is None or credential.level.eqf is None:
        missing.append("level")
    return missing
