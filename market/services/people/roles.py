"""What a person is in Feria, for the help they are given: the roles they hold now, and nothing of anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from market.enums import GroupMemberStatus, GroupRole, MemberRole, MembershipStatus
from market.models import GroupMember, Member, Operator, PgsReviewer


@dataclass(frozen=True)
class PersonRoles:
    """Everyone is a consumer; these say what else. A person may hold several at once."""

    producer: bool  # an approved producer of an organization
    admin: bool  # an approved admin of an organization
    coordinator: bool  # a coordinator of a purchasing group they have not left
    reviewer: bool  # an active reviewer of a PGS network
    operator: bool  # looks after the installation


async def person_roles(person_id: int) -> PersonRoles:
    """The roles `person_id` holds now (a membership waiting or ended, a removed operator hold none)."""
    roles = {str(role) for role in await Member.filter(person_id=person_id, status=MembershipStatus.APPROVED)
             .values_list("role", flat=True)}
    return PersonRoles(
        producer=MemberRole.PRODUCER in roles,
        admin=MemberRole.ADMIN in roles,
        coordinator=await GroupMember.filter(person_id=person_id, role=GroupRole.COORDINATOR,
                                             status=GroupMemberStatus.ACTIVE).exists(),
        reviewer=await PgsReviewer.filter(person_id=person_id, active=True).exists(),
        operator=await Operator.filter(person_id=person_id, removed_at__isnull=True).exists(),
    )


@dataclass(frozen=True)
class Place:
    """An organization, group or network a person acts for at the desk: its slug names its pages."""

    slug: str
    name: str


@dataclass(frozen=True)
class DeskRoles:
    organizations: list[Place]  # where they are an approved admin
    groups: list[Place]  # where they coordinate (a group's coordinators keep its accounts: its treasurers)
    networks: list[Place]  # whose committee they sit on
    operator: bool

    @property
    def anything(self) -> bool:
        return bool(self.organizations or self.groups or self.networks or self.operator)


async def desk_roles(person_id: int) -> DeskRoles:
    """What the person may open at the desk now, by name (the same roles the bot's checks ask about)."""
    organizations = await Member.filter(
        person_id=person_id, role=MemberRole.ADMIN, status=MembershipStatus.APPROVED
    ).order_by("organization__name").values_list("organization__slug", "organization__name")
    groups = await GroupMember.filter(
        person_id=person_id, role=GroupRole.COORDINATOR, status=GroupMemberStatus.ACTIVE
    ).order_by("group__name").values_list("group__slug", "group__name")
    networks = await PgsReviewer.filter(person_id=person_id, active=True, committee=True).order_by(
        "network__name").values_list("network__slug", "network__name")
    return DeskRoles(
        organizations=[Place(slug, name) for slug, name in organizations],
        groups=[Place(slug, name) for slug, name in groups],
        networks=[Place(slug, name) for slug, name in networks],
        operator=await Operator.filter(person_id=person_id, removed_at__isnull=True).exists(),
    )
