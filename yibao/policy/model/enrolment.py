"""Who may enrol (categories, no double enrolment) and how groups relate (umbrella groups and their members)."""

from __future__ import annotations

from pydantic import Field, model_validator

from ...groups import Group
from .params import Cited, Strict


class EnrolmentCategory(Cited):
    code: str
    label: str


class Enrolment(Strict):
    categories: list[EnrolmentCategory] = []
    #: X1/X9: people already in employee insurance (or in resident insurance elsewhere) do not enrol.
    excludes_employee_insured: Cited | None = None
    excludes_enrolled_elsewhere: Cited | None = None


# ---------------------------------------------------------------- group relations


class Umbrella(Cited):
    """An umbrella group and its members, as an article names them ("易返贫致贫人口(含脱贫不稳定户、
    边缘易致贫户、突发严重困难户)"): a rule naming the umbrella applies to each member."""

    id: Group
    members: tuple[Group, ...] = Field(min_length=1)
    label: str
    #: A combination the article names ("低收入家庭中重度残疾人" = 重度残疾人 who is 低收入家庭成员):
    #: a person is in the group when they are in every member, not any one.
    all_members: bool = False

    @model_validator(mode="after")
    def _not_itself(self) -> Umbrella:
        if self.id in self.members:
            raise ValueError(f"umbrella {self.id.value} lists itself as a member")
        if self.all_members and len(self.members) < 2:
            raise ValueError(f"combination {self.id.value} needs two or more members")
        return self


class GroupRelations(Strict):
    umbrellas: list[Umbrella] = []
