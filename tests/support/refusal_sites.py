"""Where refusals are raised, and which doors reach them: read from the source (ast), never run.

`raise_sites()` finds every FeriaError made in market/ and bot/: `Invalid("code", name=...)`, and a code
held by something it can read: a module's constant or table (`_UNKNOWN[kind]`), a local set from one, the
literal arguments its function is called with in its module, either branch of `a if c else b`. A subclass
that fixes its code (`super().__init__("invalid_parameters", ...)`) is a site too. A refusal passed on
(`Forbidden(error.code, person=...)`) is what the caller's `passed_on` says; a code it cannot read
leaves the site's `codes` empty, for the test to report.

`door_codes()` follows every name a door's modules refer to through the functions and methods it
resolves (by import and by module) to the sites they reach. A reference counts as a call and no `try` is
taken to catch: a door may be said to meet a code it never shows, never the other way round.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("market", "bot")
MODULE_CODE = "<module>"  # the key of a module's own statements, beside its functions


@dataclass(frozen=True)
class Site:
    """One place a FeriaError is made: `raised_as` its class's name, the codes it can carry, its parameters."""

    where: str  # "market/services/cart.py:154"
    function: str  # "market.services.cart.add_item"
    raised_as: str
    codes: frozenset[str]
    params: frozenset[str]
    passes_params_on: bool  # `**error.params`: the parameters of the refusal it passes on, checked there


class Source:
    """The modules of `packages` under `root`, their functions, and what each function refers to."""

    def __init__(self, root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> None:
        self.modules: dict[str, tuple[Path, ast.Module]] = {}
        for package in packages:
            for path in sorted((root / package).rglob("*.py")):
                parts = path.relative_to(root).with_suffix("").parts
                name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                self.modules[name] = (path.relative_to(root), ast.parse(path.read_text(encoding="utf-8")))
        self.functions: dict[str, ast.AST] = {}  # dotted name: def (or module, for MODULE_CODE)
        self.module_of: dict[str, str] = {}  # dotted function name: its module's
        self.class_of: dict[str, ast.ClassDef] = {}  # dotted method name: its class
        self.methods: dict[str, list[str]] = {}  # dotted class name: its methods' dotted names
        for name, (_, tree) in self.modules.items():
            self.functions[f"{name}.{MODULE_CODE}"] = tree
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions[f"{name}.{node.name}"] = node
                elif isinstance(node, ast.ClassDef):
                    defs = {f"{name}.{node.name}.{d.name}": d for d in node.body
                            if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef))}
                    self.methods[f"{name}.{node.name}"] = list(defs)
                    self.functions.update(defs)
                    self.class_of.update(dict.fromkeys(defs, node))
            self.module_of.update({f: name for f in self.functions if f not in self.module_of})
        self.imports = {name: _imports(tree) for name, (_, tree) in self.modules.items()}
        self._longest_first = sorted(self.modules, key=len, reverse=True)
        self._callees: dict[str, set[str]] = {}

    def body(self, function: str) -> list[ast.AST]:
        """What runs as the function: a def's body, a module's statements outside its defs and classes."""
        node = self.functions[function]
        if isinstance(node, ast.Module):
            skipped = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
            return [statement for statement in node.body if not isinstance(statement, skipped)]
        return [*node.decorator_list, node.args, *node.body]

    def callees(self, function: str) -> set[str]:
        """The functions `function` refers to by a name or a dotted name that resolves to one."""
        if function in self._callees:
            return self._callees[function]
        module, found = self.module_of[function], set()
        for root in self.body(function):
            for node in ast.walk(root):
                if isinstance(node, (ast.Name, ast.Attribute)) and (dotted := self._dotted(module, node)):
                    found.update(self._functions_named(dotted))
        self._callees[function] = found
        return found

    def reached(self, entries: set[str]) -> set[str]:
        seen, stack = set(), list(entries)
        while stack:
            function = stack.pop()
            if function not in seen:
                seen.add(function)
                stack.extend(self.callees(function) - seen)
        return seen

    def _dotted(self, module: str, node: ast.AST) -> str | None:
        attributes = []
        while isinstance(node, ast.Attribute):
            attributes.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = self.imports[module].get(node.id, f"{module}.{node.id}")
        return ".".join([base, *reversed(attributes)])

    def _functions_named(self, dotted: str) -> list[str]:
        for _ in range(4):  # a name re-exported by a package's __init__, followed a few steps
            if dotted in self.functions:
                return [dotted]
            if dotted in self.methods:
                return self.methods[dotted]
            module = next((m for m in self._longest_first if dotted.startswith(m + ".")), None)
            if module is None:
                return []
            first, _, rest = dotted[len(module) + 1:].partition(".")
            if first not in self.imports[module]:
                return []
            dotted = ".".join(filter(None, [self.imports[module][first], rest]))
        return []


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name: the dotted name it stands for, from every import of the module (inside functions too)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            names.update({a.asname: a.name for a in node.names if a.asname})
            names.update({a.name.split(".")[0]: a.name.split(".")[0] for a in node.names if not a.asname})
    return names


def raise_sites(source: Source, raised_as: set[str], passed_on: Mapping[str, frozenset[str] | str]) -> list[Site]:
    """Every FeriaError made in the source, as a class of `raised_as`; `passed_on` explains `error.code`."""
    sites = []
    for function in source.functions:
        module = source.module_of[function]
        path = source.modules[module][0]
        outer, outer_cls = [source.functions[function]], source.class_of.get(function)
        for call, scopes, cls in _calls(source.body(function), outer, outer_cls):
            kind = _raised_as(call, cls, raised_as)
            if kind is None:
                continue
            code = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "code"), None)
            if isinstance(code, ast.Attribute) and code.attr == "code" and function in passed_on:
                explained = passed_on[function]
                codes = explained if isinstance(explained, frozenset) else _codes_at(source, explained, raised_as)
            else:
                codes = _resolve(code, scopes, source.modules[module][1]) or frozenset()
            keywords = [k for k in call.keywords if k.arg != "code"]
            params = {k.arg for k in keywords if k.arg} | _spread_keys(keywords, scopes)
            sites.append(Site(f"{path}:{call.lineno}", function, kind, frozenset(codes), frozenset(params),
                              any(k.arg is None and isinstance(k.value, ast.Attribute) for k in keywords)))
    return sites


def _codes_at(source: Source, function: str, raised_as: set[str]) -> frozenset[str]:
    return frozenset().union(*(s.codes for s in raise_sites(source, raised_as, {}) if s.function == function))


def _calls(nodes, scopes, cls) -> Iterator[tuple[ast.Call, list[ast.AST], ast.ClassDef | None]]:
    """Each call under `nodes`, with the defs it sits in (innermost last) and the class it sits in."""
    for node in nodes:
        if isinstance(node, ast.Call):
            yield node, scopes, cls
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and node is not scopes[-1]:
            yield from _calls(ast.iter_child_nodes(node), [*scopes, node], cls)
        elif isinstance(node, ast.ClassDef):
            yield from _calls(ast.iter_child_nodes(node), scopes, node)
        else:
            yield from _calls(ast.iter_child_nodes(node), scopes, cls)


def _raised_as(call: ast.Call, cls: ast.ClassDef | None, raised_as: set[str]) -> str | None:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
    if name in raised_as:
        return name
    is_super_init = (name == "__init__" and isinstance(call.func.value, ast.Call)
                     and getattr(call.func.value.func, "id", "") == "super")
    if is_super_init and cls is not None:
        return next((b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in raised_as), None)
    return None


def _resolve(node: ast.AST | None, scopes: list[ast.AST], module: ast.Module) -> frozenset[str] | None:
    """The codes an expression can hold, when they can be read from the source; None when they cannot."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return frozenset({node.value})
    if isinstance(node, ast.IfExp):
        body, orelse = _resolve(node.body, scopes, module), _resolve(node.orelse, scopes, module)
        return body | orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Subscript):
        table = node.value
        while isinstance(table, ast.Subscript):
            table = table.value
        value = _bound(table, scopes, module)
        if isinstance(value, (ast.Dict, ast.Tuple, ast.List)):
            values = value.values if isinstance(value, ast.Dict) else value.elts
            return frozenset(c.value for v in values for c in ast.walk(v)
                             if isinstance(c, ast.Constant) and isinstance(c.value, str))
        return None
    if isinstance(node, ast.Name):
        inner = scopes[-1]
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.id in _arguments(inner):
            return _passed(inner, node.id, module)
        value = _bound(node, scopes, module)
        return _resolve(value, scopes, module) if value is not None else None
    return None


def _bound(name: ast.AST, scopes: list[ast.AST], module: ast.Module) -> ast.AST | None:
    """What a name is set to by its one assignment, in the innermost def that sets it or in the module."""
    if not isinstance(name, ast.Name):
        return None
    for scope in reversed([module, *scopes]):
        nodes = scope.body if isinstance(scope, ast.Module) else ast.walk(scope)  # a module's own constants only
        values = [n.value for n in nodes if isinstance(n, (ast.Assign, ast.AnnAssign))
                  for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                  if isinstance(t, ast.Name) and t.id == name.id and n.value is not None]
        if values:
            return values[0] if len(values) == 1 else None
    return None


def _arguments(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)]


def _passed(function: ast.FunctionDef | ast.AsyncFunctionDef, argument: str, module: ast.Module,
            ) -> frozenset[str] | None:
    """The literal values the module's calls of `function` give `argument`; None if one is not literal."""
    position, found = _arguments(function).index(argument), set()
    for call in ast.walk(module):
        if isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", None)) == function.name:
            given = call.args[position] if position < len(call.args) else next(
                (k.value for k in call.keywords if k.arg == argument), None)
            if not (isinstance(given, ast.Constant) and isinstance(given.value, str)):
                return None
            found.add(given.value)
    return frozenset(found) or None


def _spread_keys(keywords: list[ast.keyword], scopes: list[ast.AST]) -> set[str]:
    """The keys of `**params` when params is a local dict literal (or a choice of them)."""
    keys = set()
    for keyword in keywords:
        if keyword.arg is None and isinstance(keyword.value, ast.Name):
            value = _bound(keyword.value, scopes, ast.Module(body=[], type_ignores=[]))
            for choice in (value.body, value.orelse) if isinstance(value, ast.IfExp) else (value,):
                if isinstance(choice, ast.Dict):
                    keys.update(k.value for k in choice.keys if isinstance(k, ast.Constant))
    return keys


def door_codes(source: Source, sites: list[Site], doors: Mapping[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """door: the codes of the sites its modules (by dotted prefix) reach."""
    met = {}
    for door, prefixes in doors.items():
        entries = {f for f in source.functions if any(f == p or f.startswith(p + ".") for p in prefixes)}
        reached = source.reached(entries)
        met[door] = {code for site in sites if site.function in reached for code in site.codes}
    return met
