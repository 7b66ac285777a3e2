"""Policy data: typed models of ``policies/*.yaml`` and their loader."""

from .loader import load_policy, policy_ids, policies_dir, load_sources
from .model import Policy

__all__ = ["Policy", "load_policy", "policy_ids", "policies_dir", "load_sources"]
