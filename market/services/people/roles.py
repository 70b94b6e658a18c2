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
