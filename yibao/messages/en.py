"""English: the text each error builds for itself (``str(err)``), kept as tests and logs know it."""

from __future__ import annotations


def render(err: BaseException) -> str:
    """The English one-line message of ``err``."""
    return " ".join(str(err).splitlines())


# ---------------------------------------------------------------- hardening, round 3 (issue 22)
# The kinds issue 22 added (value.odd_digits, option.repeated, user_file.*, history.after_year,
# folder.no_policies, reform.levels_overlap, policy_file.extends_not_list/_repeated) are said in English
# by the text each error builds; the Chinese sentences are in zh.TEMPLATES.
