"""Whether a policy states a section, named by its dotted path (``"basic.inpatient"``)."""

from __future__ import annotations

from .model import Policy


def states(policy: Policy, section: str) -> bool:
    """Whether ``policy`` states ``section`` (a dotted path such as ``"basic.inpatient"``)."""
    node: object = policy
    for part in section.split("."):
        node = getattr(node, part, None)
        if node is None:
            return False
    return True
