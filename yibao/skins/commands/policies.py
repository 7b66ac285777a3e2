"""``yibao policies``: the policies with their years, parents and sources."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from ...format import day
from ...policy.loader import load_policy, offered_ids
from ...policy.model import Policy
from ...policy.provenance import cited_sources, source_name
from ..cli import add_json


@dataclass
class PolicyList:
    policies: list[Policy]

    def explain(self) -> str:
        lines = ["可用的政策:"]
        for p in self.policies:
            srcs = sorted({c for c in cited_sources(p)})
            names = "、".join(source_name(p.sources, s) for s in srcs)  # outside documents marked as such
            public = [e for e in p.extends if not e.startswith("_")]  # shared parts are not policies
            parent = f",继承 {', '.join(public)}" if public else ""
            lines.append(f"- {p.id}:{p.title}({p.year}年,自{day(p.in_force.start)}起{parent})来源:{names}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"policies": [
            {"id": p.id, "title": p.title, "jurisdiction": p.jurisdiction, "year": p.year,
             "extends": list(p.extends), "in_force_from": p.in_force.start.isoformat(),
             "sources": sorted(cited_sources(p))} for p in self.policies]}


def run(args: argparse.Namespace) -> PolicyList:
    return PolicyList([load_policy(i) for i in offered_ids()])


def register(sub) -> None:
    p = sub.add_parser("policies", help="列出政策(年度、来源)")
    add_json(p)
    p.set_defaults(handler=run)
