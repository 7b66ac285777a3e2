"""The package's layers, lowest first: the one place the import direction is written down.

A module imports from its own layer and the layers below it, never from above (``tests/
test_import_graph.py`` checks every import). Parts side by side in one layer (the two engines) do not
import each other; outside the settlement package only its public face (``yibao.settlement``) is
imported.
"""

from __future__ import annotations

#: Each layer's top-level parts (a part is a module or a package with everything in it).
LAYERS: tuple[tuple[str, ...], ...] = (
    # words, numbers and checks every layer uses
    ("yibao", "yibao.errors", "yibao.inputs", "yibao.vocabulary", "yibao.groups", "yibao.format", "yibao.money",
     "yibao.rules", "yibao.user_files", "yibao.user_tables", "yibao.messages", "yibao.layers"),
    # the policy data, typed and compiled (codes, fen and basis points), its diff, reforms and checks
    ("yibao.policy",),
    # what a line records and how a reader sees it; results that explain themselves
    ("yibao.explain", "yibao.result"),
    # the two engines, side by side
    ("yibao.calculators", "yibao.settlement"),
    # many people at once, and what-if
    ("yibao.populations", "yibao.whatif"),
    # the worked examples (cases/*.yaml), run through the calculators and what-if
    ("yibao.cases",),
    # the rule coverage table (docs/rules.md), built from everything below
    ("yibao.rule_table",),
    # the skins: CLI, widgets, app, plots, tables
    ("yibao.skins",),
)

#: Parts of one layer that must not import each other.
APART: tuple[tuple[str, str], ...] = (("yibao.calculators", "yibao.settlement"),)


def part_of(module: str) -> str:
    """The top-level part a module belongs to (``yibao.policy.model.params`` → ``yibao.policy``)."""
    return ".".join(module.split(".")[:2])


def layer_of(module: str) -> int:
    """The index of the layer of ``module`` in :data:`LAYERS` (KeyError for a part no layer names)."""
    part = part_of(module)
    for i, parts in enumerate(LAYERS):
        if part in parts:
            return i
    raise KeyError(f"{part} is in no layer of yibao.layers.LAYERS")
