"""Policy data: typed models of ``policies/*.yaml`` and their loader."""

from .loader import as_policy, load_policy, load_sources, policies_dir, policies_stating, policy_ids
from .model import Policy

__all__ = ["Policy", "as_policy", "load_policy", "load_sources", "policies_dir", "policies_stating", "policy_ids"]
