"""The two kinds of error yibao raises on purpose: bad input and bad policy data."""

from __future__ import annotations


class YibaoError(Exception):
    """Base class: every error yibao raises on purpose is one of these."""


class InputError(YibaoError, ValueError):
    """A value a user gave is not allowed. Names the field and what is allowed."""

    def __init__(self, field: str, problem: str, allowed: str | None = None):
        self.field = field
        self.problem = problem
        self.allowed = allowed
        text = f"{field}: {problem}"
        if allowed:
            text += f" (allowed: {allowed})"
        super().__init__(text)


class PolicyDataError(YibaoError):
    """A policy file is malformed or incomplete. Names the file, the key path and the reason."""

    def __init__(self, file: str, key_path: str, reason: str):
        self.file = file
        self.key_path = key_path
        self.reason = reason
        super().__init__(f"{file}: {key_path or '<top>'}: {reason}")


class NotCovered(YibaoError):
    """The policy states no rule for this situation (for example a payment date outside every window)."""

    def __init__(self, field: str, problem: str, rules: tuple[str, ...] = ()):
        self.field = field
        self.problem = problem
        self.rules = rules
        suffix = f" [{', '.join(rules)}]" if rules else ""
        super().__init__(f"{field}: {problem}{suffix}")
