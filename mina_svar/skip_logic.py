"""Skip logic: a question asked only when other answers say so (an XLSForm's ``relevant``).

What is read: comparisons of a question chosen among options (as in ODK, anywhere in the form but the question
itself, and not in a circle) with one of its choices, ``${q} = 'x'``, ``${q} != 'x'`` and
``selected(${q}, 'x')``, joined by ``and`` or by ``or`` (not both, and no brackets). Anything else is left out
of the draft and listed (the question is then asked of everyone).

On a multiple-choice question only ``selected(${q}, 'x')`` is read: the option is among those ticked (op "has").

A condition is kept as ``{"all" | "any": [{"key": question key, "op": "=" | "!=" | "has", "value": option
value}]}``. As in ODK, an unanswered question (or "don't know") equals nothing: ``=`` and ``has`` are false and
``!=`` true.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from .question_kinds import chosen_in, holds, kind_of

Condition = dict[str, Any]

_TOKEN = re.compile(r"""\s*(?:(?P<ref>\$\{[^}]+\})|(?P<string>'[^']*'|"[^"]*")|(?P<number>-?\d+)|(?P<op>!=|=)"""
                    r"""|(?P<word>and|or)\b|(?P<selected>selected\s*\()|(?P<comma>,)|(?P<close>\)))""", re.I)


def parse(expression: str, earlier: Mapping[str, tuple]) -> Condition | None:
    """The condition ``expression`` says, in terms of ``earlier`` ({a form's question name: (its key,
    {choice name: option value}[, True when several may be ticked])}, the questions chosen among options it
    may look at); None when it says something else."""
    tokens = _tokens(expression)
    if tokens is None:
        return None
    atoms, joins, position = [], set(), 0
    while position < len(tokens):
        atom, position = _atom(tokens, position, earlier)
        if atom is None:
            return None
        atoms.append(atom)
        if position < len(tokens):
            kind, text = tokens[position]
            if kind != "word":
                return None
            joins.add(text.lower())
            position += 1
            if position == len(tokens):
                return None
    if not atoms or len(joins) > 1:
        return None
    return {"any" if joins == {"or"} else "all": atoms}


def _tokens(expression: str) -> list[tuple[str, str]] | None:
    found, position = [], 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _atom(tokens: list[tuple[str, str]], position: int, earlier) -> tuple[dict | None, int]:
    def at(offset: int) -> tuple[str, str]:
        return tokens[position + offset] if position + offset < len(tokens) else ("", "")

    if at(0)[0] == "selected":  # selected(${q}, 'x')
        if [at(1)[0], at(2)[0], at(3)[0], at(4)[0]] != ["ref", "comma", "string", "close"]:
            return None, position
        return _compared(at(1)[1], "has", at(3)[1], earlier), position + 5
    if at(0)[0] == "ref" and at(1)[0] == "op" and at(2)[0] in ("string", "number"):
        return _compared(at(0)[1], at(1)[1], at(2)[1], earlier), position + 3
    return None, position


def _compared(reference: str, op: str, literal: str, earlier) -> dict | None:
    name = reference[2:-1].strip()
    choice = literal.strip("'\"")
    if name not in earlier:
        return None
    key, values, *several = earlier[name]
    if choice not in values:
        return None
    if any(several):
        if op != "has":  # ${q} = 'x' on ticked options means "x alone": not read
            return None
    elif op == "has":  # selected() of a single answer is that answer
        op = "="
    return {"key": key, "op": op, "value": values[choice]}


class HasValue(Protocol):
    @property
    def value(self) -> int | None: ...


def atoms(condition: Condition | None) -> list[dict]:
    return (condition.get("all") or condition.get("any") or []) if condition else []


def shown(condition: Condition | None, answers: Mapping[str, HasValue]) -> bool:
    """Whether a question with ``condition`` is asked, given the answers so far by question key."""
    if not condition:
        return True
    results = []
    for atom in condition.get("all") or condition.get("any") or []:
        given = answers.get(atom["key"])
        if atom["op"] == "has":
            results.append(given is not None and holds(given.value, atom["value"]))
            continue
        equal = given is not None and given.value == atom["value"]
        results.append(equal if atom["op"] == "=" else not equal)
    return all(results) if "all" in condition else any(results)


def expression(condition: Condition, names: Mapping[str, str] | None = None) -> str:
    """The condition as an XLSForm's ``relevant`` again (``names``: a key's name in the form, if not itself)."""
    names = names or {}
    join = " and " if "all" in condition else " or "

    def written(atom: dict) -> str:
        name = names.get(atom["key"], atom["key"])
        if atom["op"] == "has":
            return f"selected(${{{name}}}, '{atom['value']}')"
        return f"${{{name}}} {atom['op']} '{atom['value']}'"

    return join.join(written(atom) for atom in condition.get("all") or condition.get("any") or [])


class _Asked(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def shown_if(self) -> Condition | None: ...


def skipped(questions: Sequence[_Asked], answers: Mapping[int, HasValue]) -> set[int]:
    """The ids of the questions not asked, given the answers so far by question id (``questions``: all of
    the questionnaire's, as conditions may look back to other pages)."""
    by_key = {question.key: answers[question.id] for question in questions if question.id in answers}
    return {question.id for question in questions if not shown(question.shown_if, by_key)}


def for_the_page(questions: Sequence[_Asked], answers: Mapping[int, HasValue]) -> tuple[dict, dict]:
    """What the phone's script needs to show and hide a page's questions as answers change: each condition
    by question id in terms of the form's input names ("q-12"), and the answers so far to the questions
    they look at, as the form would send them ("dk" for "don't know" is no option's value)."""
    ids = {question.key: question.id for question in questions}
    conditions = {}
    looked_at = set()
    for question in questions:
        if question.shown_if:
            join = "all" if "all" in question.shown_if else "any"
            atoms = [{"name": f"q-{ids[atom['key']]}", "op": atom["op"], "value": str(atom["value"])}
                     for atom in question.shown_if[join] if atom["key"] in ids]
            looked_at |= {atom["name"] for atom in atoms}
            conditions[question.id] = {join: atoms}
    by_id = {question.id: question for question in questions}
    known = {f"q-{question_id}": _as_sent(by_id[question_id], given)
             for question_id, given in answers.items() if f"q-{question_id}" in looked_at}
    return conditions, known


def _as_sent(question: _Asked, given: HasValue) -> str:
    """An answer as the form sends it: an option's value, or those ticked joined by commas."""
    if given.value is None:
        return ""
    if kind_of(question).several:
        return ",".join(map(str, chosen_in(given.value)))
    return str(given.value)
