"""Wherever pytest starts in this repository it collects the worked examples of cases/*.yaml, one test
per case (the collector is tests/case_collector.py): ``pytest cases``, ``pytest cases/lhasa-2025.yaml``."""

pytest_plugins = ["tests.case_collector"]
