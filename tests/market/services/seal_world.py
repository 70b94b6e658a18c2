"""A small PGS world for the seal-review service and CLI tests: a network, its reviewers, two organizations.

    world = await make_seal_world()
    world.people["juana"]        # person id; also Telegram user 900000006

Cafe Amboró's members: hilda (admin), reina and norma (producers, also reviewers of the network).
Outside reviewers: juana (a producer of CORACA Irupana), carmen and victoria (consumers), rocio and
daniela (technicians). pedro is nobody's reviewer; lurdes reviews for another network only. Every reviewer sits
on their networks' committees but victoria, who signs and acts on nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from market.enums import MemberRole
from market.models import Member, Person, PgsReviewer
from tests.market.services.catalog_fixtures import bolivia, network, organization, product

NETWORK = "red-spg-bolivia"
OTHER_NETWORK = "rede-sul-certificacao"
AMBORO_PRODUCTS = ("Café tostado en grano", "Café pergamino", "Miel de abeja")

# handle: (Telegram id, name, username, organization and role, networks reviewed for)
PEOPLE = {
    "hilda": (900_000_001, "Hilda Justiniano Rojas", None, ("cafe-amboro", MemberRole.ADMIN), ()),
    "reina": (900_000_002, "Reina Suárez Vaca", None, ("cafe-amboro", MemberRole.PRODUCER), (NETWORK,)),
    "norma": (900_000_004, "Norma Añez Cuéllar", None, ("cafe-amboro", MemberRole.PRODUCER), (NETWORK,)),
    "juana": (900_000_006, "Juana Condori Quispe", None, ("coraca-irupana", MemberRole.PRODUCER), (NETWORK,)),
    "carmen": (900_000_101, "Carmen Gutiérrez Ribera", "carmen_gr", None, (NETWORK,)),
    "victoria": (900_000_109, "Victoria Apaza Limachi", None, None, (NETWORK,)),
    "rocio": (900_000_301, "Rocío Zambrana Ortiz", "rocio_agro", None, (NETWORK,)),
    "daniela": (900_000_302, "Daniela Fontana", None, None, (NETWORK, OTHER_NETWORK)),
    "pedro": (900_000_401, "Pedro Mamani", "pedro_m", None, ()),
    "lurdes": (900_000_024, "Lurdes Klein", None, None, (OTHER_NETWORK,)),
}


# Who sits on the committees of the networks they review for (the committee records visits and acts on seals).
COMMITTEE = {"reina", "norma", "juana", "carmen", "rocio", "daniela", "lurdes"}


@dataclass(frozen=True)
class SealWorld:
    people: dict[str, int]
    products: dict[str, int]  # product id by name, both organizations


async def make_seal_world() -> SealWorld:
    places = await bolivia()
    amboro = await organization("cafe-amboro", places["bo-scz"], name="Asociación de Productores de Café Amboró")
    irupana = await organization("coraca-irupana", places["bo-lpz-irupana"], name="CORACA Irupana")
    organizations = {"cafe-amboro": amboro, "coraca-irupana": irupana}
    products = {name: (await product(amboro, name, category_code="coffee")).id for name in AMBORO_PRODUCTS}
    products["Quinua real"] = (await product(irupana, "Quinua real", category_code="grains")).id
    networks = {slug: await network(slug, places["bo"]) for slug in (NETWORK, OTHER_NETWORK)}
    people = {}
    for handle, (telegram_user_id, name, username, membership, reviews_for) in PEOPLE.items():
        person = await Person.create(name=name, telegram_user_id=telegram_user_id, username=username)
        people[handle] = person.id
        if membership:
            await Member.create(organization=organizations[membership[0]], person=person, role=membership[1])
        for slug in reviews_for:
            await PgsReviewer.create(network=networks[slug], person=person, committee=handle in COMMITTEE)
    return SealWorld(people, products)
