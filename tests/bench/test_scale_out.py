"""bench/scale_out.py's parts that decide what its section says: the arithmetic, the answers compared, the balancer.

No run is timed here (speed belongs in bench/): the arithmetic is fed made-up costs, the balancer
forwards to two small servers of the test's own.
"""

import sys
from pathlib import Path
from types import SimpleNamespace

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import balancer  # noqa: E402
import scale_out  # noqa: E402
import scale_out_notes  # noqa: E402


def measured(*, feria_ms: float, postgres_ms: float | None, updates: int = 900, new_messages: int = 400):
    """A run as the notes read it: `updates` answered at the given CPU ms each."""
    cpu = {"feria": feria_ms, "postgres": postgres_ms}
    return SimpleNamespace(processes=3, updates=updates, new_messages=new_messages,
                           cpu_ms=lambda name: cpu.get(name))


def test_n_cores_carry_n_thousand_ms_over_feria_s_cost_and_sixty_people_an_update_a_second():
    lines = scale_out_notes.arithmetic(measured(feria_ms=10.0, postgres_ms=4.0))

    assert "updates/s = N × 1000 ÷ 10.00" in lines[0]
    assert lines[1:4] == [
        "4 cores: 4 × 1000 ÷ 10.00 = 400 updates/s; × 60 = 24,000 people; the database 400 × 4.00 ÷ 1000 = 1.6 cores.",
        "8 cores: 8 × 1000 ÷ 10.00 = 800 updates/s; × 60 = 48,000 people; the database 800 × 4.00 ÷ 1000 = 3.2 cores.",
        "16 cores: 16 × 1000 ÷ 10.00 = 1,600 updates/s; × 60 = 96,000 people; the database 1,600 × 4.00 ÷ 1000 = "
        "6.4 cores.",
    ]


def test_telegram_s_thirty_messages_a_second_cap_the_mix_by_its_share_of_new_messages():
    lines = scale_out_notes.arithmetic(measured(feria_ms=10.0, postgres_ms=4.0, updates=900, new_messages=300))

    assert "30 ÷ 0.33 = 90 updates/s (5,400 people at 1 update a minute)" in lines[-1]


def test_without_postgresql_s_cpu_the_arithmetic_leaves_the_database_out():
    lines = scale_out_notes.arithmetic(measured(feria_ms=8.0, postgres_ms=None))

    assert lines[1] == "4 cores: 4 × 1000 ÷ 8.00 = 500 updates/s; × 60 = 30,000 people."


def test_the_cores_carry_at_most_their_milliseconds_over_what_every_process_spends_an_update():
    cpu = {"feria": 9.0, "postgres": 4.0, "balancer": 1.0, "bench": 2.0}
    run = SimpleNamespace(processes=3, updates=1000, elapsed=10.0, busy=5.0, delivered=1000, idle=12.0,
                          transactions_per_update=17.0, cpu={"machine": 20.0}, cpu_ms=cpu.get)

    lines = scale_out_notes.where_the_time_goes([run], cores=2)

    assert "Feria's web processes 9.00 ms (56%)" in lines[0]
    assert lines[1] == ("Together that is 16.0 ms of CPU an update, so these 2 cores carry at most 2 × 1000 ÷ 16.0 "
                        "= 125 updates/s however many processes share them; the run reached 100.")


def test_a_chat_whose_answers_came_in_another_order_or_not_at_all_differs():
    def run(answers):
        return SimpleNamespace(chats=SimpleNamespace(answers=answers))

    reference = run({1: ["menu", "café", "miel"], 2: ["menu", "café", "miel"], 3: ["menu"]})
    later = run({1: ["menu", "café", "miel"], 2: ["menu", "miel", "café"], 3: ["menu", "(nothing within 60 s)"]})

    assert scale_out.differing(reference, reference) == 0
    assert scale_out.differing(later, reference) == 2


async def test_the_balancer_sends_each_delivery_to_the_next_process_with_its_body_and_secret():
    received = []

    def upstream(name: str) -> web.Application:
        async def webhook(request: web.Request) -> web.Response:
            received.append((name, await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
            return web.Response(status=200 if name == "a" else 403)

        app = web.Application()
        app.router.add_post("/telegram/webhook", webhook)
        return app

    async with TestServer(upstream("a")) as a, TestServer(upstream("b")) as b:
        front = TestServer(balancer.make_app([str(a.make_url("")), str(b.make_url(""))]))
        async with front, aiohttp.ClientSession() as session:
            statuses = []
            for update_id in (1, 2, 3):
                async with session.post(front.make_url("/telegram/webhook"), json={"update_id": update_id},
                                        headers={"X-Telegram-Bot-Api-Secret-Token": "s3"}) as answer:
                    statuses.append(answer.status)
            async with session.get(front.make_url("/stats")) as answer:
                stats = await answer.json()

    assert received == [("a", {"update_id": 1}, "s3"), ("b", {"update_id": 2}, "s3"), ("a", {"update_id": 3}, "s3")]
    assert statuses == [200, 403, 200]
    assert stats["forwarded"] == 3 and stats["busy"] > 0


async def test_the_balancer_answers_502_when_the_process_is_gone_so_that_the_update_is_delivered_again():
    async with TestServer(web.Application()) as gone:
        url = str(gone.make_url(""))
    front = TestServer(balancer.make_app([url]))

    async with front, aiohttp.ClientSession() as session, session.post(
        front.make_url("/telegram/webhook"), json={"update_id": 1}
    ) as answer:
        status = answer.status

    assert status == 502
