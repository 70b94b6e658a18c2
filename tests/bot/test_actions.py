"""Every button names an Action, and every Action has exactly one handler, in one flow's table."""

import ast
from collections import Counter
from pathlib import Path

import pytest

from bot.actions import Action
from bot.application import ANSWER_TABLES, PRESS_TABLES, build_application
from bot.callbacks import CallbackCodec
from bot.flows import stock
from bot.flows.questions import answer_refused
from bot.flows.router import ROUTES, join_routes
from bot.turn import Voice
from config import load_settings

ROOT = Path(__file__).resolve().parents[2]

# The codes buttons already sent to people carry: an Action's value may never change, or those buttons expire.
SENT_CODES = set(
    "m lg sl cs rg pl sq ps pc bk ad aq po ct rm ce co cp cn os od ox oy sa sp sr gl gv gn gm gmc gj gx gy gc gt "
    "gp gk rb rl rw ro rot ron roc rod rop re rx rc rcy rz rzy rs rsy rv rvc rk ra raa rp rpm ga fl fo fs fp fv "
    "fu fw fwy ko km kn kg kp kc kx al ala alc alt alx alo alm alq pr prl yd ydx ydy pv pj pa dm".split()
)


def table_keys(source: str) -> list[str]:
    """The keys of the `PRESSES = {...}` table in a flow's source, as written ("Action.MENU"), repeats kept."""
    keys = []
    for node in ast.walk(ast.parse(source)):
        target = node.target if isinstance(node, ast.AnnAssign) else (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "PRESSES" and isinstance(node.value, ast.Dict):
            keys += [ast.unparse(key) for key in node.value.keys]
    return keys


def handled_actions(root: Path) -> Counter:
    """How many handlers each key names across the flows' PRESSES tables, as their source writes them."""
    return Counter(key for path in sorted((root / "bot" / "flows").glob("*.py"))
                   for key in table_keys(path.read_text(encoding="utf-8")))


def button_actions(source: str) -> list[str]:
    """`line: action` for each `.button(text, action, …)` call whose action is not a member of Action.

    A name or a starred argument passes here (its value is checked when the button is made: Voice.button
    refuses anything but an Action); a string or an `Action.X` that is no member does not."""
    wrong = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "button" and len(node.args) > 1):
            continue
        action = node.args[1]
        named = isinstance(action, ast.Attribute) and isinstance(action.value, ast.Name) and action.value.id == "Action"
        if (named and action.attr not in Action.__members__) or isinstance(action, ast.Constant):
            wrong.append(f"{node.lineno}: {ast.unparse(action)}")
    return wrong


def unnamed_buttons(root: Path) -> list[str]:
    """`path:line: action` for every button in the bot's code that names no Action."""
    return [f"{path.relative_to(root)}:{found}" for path in sorted((root / "bot").rglob("*.py"))
            for found in button_actions(path.read_text(encoding="utf-8"))]


def test_every_action_has_exactly_one_handler_in_the_flows_tables():
    counts = handled_actions(ROOT)

    assert {key: n for key, n in counts.items() if n != 1} == {}
    assert set(counts) == {f"Action.{action.name}" for action in Action}


def test_the_tables_build_application_registers_handle_each_action_once():
    keys = Counter(action for table in PRESS_TABLES for action in table)

    assert all(isinstance(action, Action) for action in keys)
    assert keys == Counter(set(Action))


def test_the_application_routes_every_action_and_every_awaited_answer():
    routes = build_application(load_settings({})).bot_data[ROUTES]

    assert set(routes.presses) == set(Action)
    assert set(routes.answers) == {awaited for table in ANSWER_TABLES for awaited in table}
    assert routes.other_text is stock.typed


def test_the_handler_check_catches_an_action_handled_twice_or_not_at_all(tmp_path):
    flows = tmp_path / "bot" / "flows"
    flows.mkdir(parents=True)
    (flows / "cart.py").write_text("PRESSES: dict = {\n    Action.CART: a,\n    Action.CART: b,\n}\n")
    (flows / "orders.py").write_text("PRESSES = {Action.ORDERS: c}\nOTHER = {Action.MENU: d}\n")
    (flows / "groups.py").write_text("PRESSES = {Action.ORDERS: e}\n")

    counts = handled_actions(tmp_path)

    assert counts == Counter({"Action.CART": 2, "Action.ORDERS": 2})


def test_building_the_routes_refuses_an_action_with_two_handlers_or_none():
    async def handler(turn, press):
        pass

    with pytest.raises(ValueError, match="action CART has two handlers"):
        join_routes([*PRESS_TABLES, {Action.CART: handler}], ANSWER_TABLES, other_text=stock.typed, refused=answer_refused)
    with pytest.raises(ValueError, match="no flow's PRESSES handles Action.CART$"):
        join_routes([{a: h for t in PRESS_TABLES for a, h in t.items() if a != Action.CART}], ANSWER_TABLES,
                    other_text=stock.typed, refused=answer_refused)
    with pytest.raises(ValueError, match="'zz'"):
        join_routes([*PRESS_TABLES, {"zz": handler}], ANSWER_TABLES, other_text=stock.typed, refused=answer_refused)
    with pytest.raises(ValueError, match="awaited answer search has two handlers"):
        join_routes(PRESS_TABLES, [*ANSWER_TABLES, {"search": handler}], other_text=stock.typed, refused=answer_refused)


def test_every_button_the_bot_makes_names_an_action():
    assert unnamed_buttons(ROOT) == []


@pytest.mark.parametrize("call", ['voice.button(_("Go"), "rb", 1)', "turn.button('Go', Action.NOT_A_MEMBER)",
                                  'voice.button(\n    label,\n    "ct",\n)'])
def test_the_button_check_catches_a_button_with_a_bare_code_or_an_unknown_action(tmp_path, call):
    (tmp_path / "bot" / "screens").mkdir(parents=True)
    (tmp_path / "bot" / "screens" / "cart.py").write_text(f"rows = [[voice.button(_('Cart'), Action.CART), {call}]]\n")

    assert len(unnamed_buttons(tmp_path)) == 1


def test_a_button_made_with_a_bare_code_is_refused():
    voice = Voice("es", 1, CallbackCodec("123:token"))

    with pytest.raises(TypeError, match="must be an Action"):
        voice.button("Carrito", "ct")
    assert voice.button("Carrito", Action.CART).callback_data.startswith("1:ct::")


def test_the_codes_of_buttons_already_sent_still_name_actions():
    assert SENT_CODES - {action.value for action in Action} == set()


def test_each_action_says_what_pressing_it_does():
    source = (ROOT / "bot" / "actions.py").read_text(encoding="utf-8").splitlines()
    members = [line for line in source if line.startswith("    ") and " = \"" in line]

    assert len(members) == len(Action)
    assert [line.split(" = ")[0].strip() for line in members if "  # " not in line] == []
