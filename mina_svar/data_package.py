"""The initiative's data for an evaluator, as a Frictionless Data Package: a zip of CSV files and a
``datapackage.json`` that gives each table's schema (its fields, their types and what they mean).

Everything in it is what the initiative's pages already show, under the same rules: Läget only pooled (every
group's shown figures added up, per term, for all groups and each place; pooling.py), feedback only once
counted, curves as the goals' pages draw them. No table holds a row per young person, nor anything a young
person wrote but the ideas a leader approved for the group.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import cycles, feedback, goals, organising, pooling, statistics
from .models import Activity, Cycle, Group

NAME = "mina-svar-initiative"


@dataclass(frozen=True)
class Table:
    name: str  # the resource's name and its file's, data/<name>.csv
    description: str
    fields: list[tuple[str, str, str]]  # (name, Frictionless type, what it holds)
    rows: list[tuple]
    primary_key: tuple[str, ...] = ()


def tables(session: Session, structures, minimum: int, names: dict[str, str]) -> list[Table]:
    """Every table of the package; ``names``: the focus areas' and indicators' names by key, in the reader's
    language."""
    groups = organising.groups(session)
    all_cycles = list(session.scalars(select(Cycle).options(
        selectinload(Cycle.group), selectinload(Cycle.needs), selectinload(Cycle.conclusions),
        selectinload(Cycle.activities).selectinload(Activity.wins), selectinload(Cycle.steps),
        selectinload(Cycle.goal_links)).order_by(Cycle.id)))
    activities = [activity for cycle in all_cycles for activity in cycle.activities]
    found_goals = goals.goals(session)
    figures = [figure for goal in found_goals for figure in goal.key_figures]
    return [
        _pooled(session, groups, structures, minimum, names),
        _cycles(all_cycles),
        Table("needs", "The needs each group wrote down in step 1 of a cycle.",
              [("cycle_id", "integer", "The cycle (cycles.csv)"),
               ("text", "string", "The need, as the leaders wrote it"),
               ("source", "string", "Where it came from: conversation, observation, statistics or other"),
               ("focus_area", "string", "The focus area's key, if one was chosen")],
              [(need.cycle_id, need.text, need.source, need.focus_area_key or "")
               for cycle in all_cycles for need in sorted(cycle.needs, key=lambda n: n.id)]),
        Table("priorities", "What each group chose in its own analysis (step 5): its priorities, and the young "
              "people's ideas a leader approved.",
              [("cycle_id", "integer", "The cycle (cycles.csv)"), ("kind", "string", "priority or idea"),
               ("text", "string", "The priority or the idea"),
               ("focus_area", "string", "The focus area's key, if any"),
               ("indicator", "string", "The indicator's key within it, if any")],
              [(c.cycle_id, c.kind, c.text, c.focus_area_key or "", c.indicator_key or "")
               for cycle in all_cycles for c in sorted(cycle.conclusions, key=lambda c: c.id)
               if c.kind in ("priority", "idea")]),
        _activities(session, activities, minimum),
        Table("wins", "What came of each activity, noted as it happened, and who made it.",
              [("activity_id", "integer", "The activity (activities.csv)"), ("noted_on", "date", "When"),
               ("text", "string", "What came of it"),
               ("made_by", "string", "Who made it: group, young_people or partner"),
               ("partner", "string", "The partner who made it, if a partner did")],
              [(win.activity_id, win.noted_on, win.text, win.made_by,
                win.made_by_organisation.name if win.made_by_organisation else "")
               for activity in activities for win in activity.wins]),
        Table("goals", "The initiative's goals: each a result in plain words.",
              [("goal_id", "integer", "The goal"), ("result", "string", "The result, in plain words"),
               ("focus_area", "string", "The focus area's key, if one"),
               ("cycle_ids", "string", "The cycles that work toward it, separated by spaces")],
              [(g.id, g.result, g.focus_area_key or "", " ".join(str(c.id) for c in g.cycles)) for g in found_goals],
              ("goal_id",)),
        _curves(session, figures, structures, minimum, names),
        _series(session),
    ]


def _pooled(session: Session, groups: list[Group], structures, minimum: int, names: dict[str, str]) -> Table:
    rows: list[tuple] = []
    for place in [None, *organising.places(session)]:
        chosen = [g for g in groups if place is None or g.place_id == place.id]
        for term in pooling.pooled(session, chosen, structures, minimum):
            for key, figure in sorted(term.figures.items()):
                rows.append((term.period.starts, place.name if place else "", key, names.get(key, key),
                             round(figure.index, 2) if figure.index is not None else None, figure.answers,
                             figure.groups, term.groups, term.young_people))
    return Table(
        "pooled_laget", "Läget pooled over the initiative's groups, per term (spring: January to June, autumn: July "
        "to December), for all groups and for each place: only figures the groups' own results show are added, "
        "each group once a term with its latest Läget.",
        [("term_starts", "date", "The first day of the term"),
         ("place", "string", "The place; empty: every group of the initiative"),
         ("figure", "string", "A focus area's key, or an indicator's (focus area.indicator)"),
         ("name", "string", "Its name"), ("index", "number", "The pooled index, 0 to 100"),
         ("answers", "integer", "Answers on the scale added up"),
         ("groups", "integer", "Groups whose own figure shows and is added"),
         ("groups_in_term", "integer", "Groups with a Läget in the term (a hidden figure adds nothing)"),
         ("young_people_in_term", "integer", "Young people who answered, in the groups whose results show")],
        rows)


def _cycles(all_cycles: list[Cycle]) -> Table:
    return Table(
        "cycles", "Each group's cycles: the seven steps from the needs to Läget 2.",
        [("cycle_id", "integer", "The cycle"), ("group", "string", "The group"),
         ("place", "string", "Where the group meets"), ("partner", "string", "The group's organisation"),
         ("title", "string", "The cycle's name"), ("period_start", "date", "When it starts"),
         ("period_end", "date", "When it ends"), ("steps_done", "integer", "Steps marked done, of seven"),
         ("decisions", "string", "What the group decided, one a line"),
         ("goal_ids", "string", "The initiative's goals it works toward (goals.csv), separated by spaces")],
        [(c.id, c.group.name, c.group.place.name if c.group.place else "", c.group.organisation.name, c.title,
          c.period_start, c.period_end, sum(step.state == "done" for step in c.steps), "\n".join(cycles.decisions(c)),
          " ".join(str(i) for i in sorted(c.goal_ids))) for c in all_cycles],
        ("cycle_id",))


def _activities(session: Session, activities: list[Activity], minimum: int) -> Table:
    said = feedback.summaries(session, activities, minimum)
    rows = []
    for a in activities:
        shown = said[a.id] if said[a.id].shown else None
        rows.append((a.id, a.cycle_id, a.title, " ".join(a.focus_area_keys or []), " ".join(str(i) for i in a.goal_ids),
                     a.starts_on, a.ends_on, a.status, a.sessions, a.attendance,
                     shown.n if shown else None, round(shown.mean, 2) if shown and shown.mean is not None else None,
                     *((shown.counts.get(face) for face in range(1, 6)) if shown else (None,) * 5)))
    return Table(
        "activities", "The groups' activities with their measures: how much (times met, attendance), how well (the "
        "young people's feedback, once at least the minimum gave it).",
        [("activity_id", "integer", "The activity"), ("cycle_id", "integer", "Its cycle (cycles.csv)"),
         ("title", "string", "What it is"), ("focus_areas", "string", "The focus areas' keys, separated by spaces"),
         ("goal_ids", "string", "The initiative's goals it answers (goals.csv)"),
         ("starts_on", "date", "When it starts"), ("ends_on", "date", "When it ends"),
         ("status", "string", "planned, running, done or cancelled"), ("sessions", "integer", "Times it met"),
         ("attendance", "integer", "Young people who took part"),
         ("feedback_given", "integer", "Feedback counted; empty until at least the minimum gave it"),
         ("feedback_mean", "number", "The mean face, 1 (very bad) to 5 (very good)"),
         *((f"feedback_{face}", "integer", f"How many gave face {face}") for face in range(1, 6))],
        rows, ("activity_id",))


def _curves(session: Session, figures, structures, minimum: int, names: dict[str, str]) -> Table:
    curves = goals.curves(session, figures, structures, minimum)
    rows: list[tuple] = []
    for figure in figures:
        name = goals.figure_name(figure, names)
        where = figure.place.name if figure.place else ""
        rows.append((figure.goal_id, figure.id, figure.kind, name, where, "baseline", figure.baseline_on,
                     figure.baseline_value, None))
        for point in curves[figure.id].points:
            rows.append((figure.goal_id, figure.id, figure.kind, name, where, "measured", point.on, point.value,
                         point.groups if figure.kind != "statistic" else None))
        rows.append((figure.goal_id, figure.id, figure.kind, name, where, "target", figure.target_on,
                     figure.target_value, None))
        if (trend := curves[figure.id].trend) is not None:
            rows.append((figure.goal_id, figure.id, figure.kind, name, where, "trend", trend[1][0],
                         round(trend[1][1], 2), None))
    return Table(
        "curves", "Each key figure of a goal: its baseline, every value measured, its target, and the trend if "
        "nothing changes (the straight line through the values measured, at the target's date).",
        [("goal_id", "integer", "The goal (goals.csv)"), ("figure_id", "integer", "The key figure"),
         ("kind", "string", "laget (pooled Läget), statistic (a public series) or activity (a sum of activities)"),
         ("follows", "string", "What the figure follows"),
         ("place", "string", "The place; empty: the whole initiative"),
         ("what", "string", "baseline, measured, target or trend"),
         ("on", "date", "The day (a measured term's middle, or the series' period)"), ("value", "number", "The value"),
         ("counted", "integer", "Groups pooled, or activities summed, for a measured value")],
        rows)


def _series(session: Session) -> Table:
    return Table(
        "statistics", "The public statistics imported beside Läget, with their source and date.",
        [("series_id", "integer", "The series"), ("title", "string", "Its title"), ("unit", "string", "Its unit"),
         ("source", "string", "Its source"), ("published_on", "date", "When the source published it"),
         ("area", "string", "The area, as the source names it"),
         ("place", "string", "The initiative's place of that name, if any"),
         ("period", "date", "The first day of the period"), ("value", "number", "The value")],
        [(s.id, s.title, s.unit, s.source, s.published_on, v.area, v.place.name if v.place else "", v.period, v.value)
         for s in statistics.all_series(session) for v in s.values])


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _type, _what in table.fields])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return out.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def descriptor(found: Iterable[Table], title: str, created: date) -> dict:
    return {
        "name": NAME, "title": title, "created": f"{created.isoformat()}T00:00:00Z",  # a datetime, as the spec asks
        "description": "Exported by Mina Svar: what the initiative's pages show, under the same anonymity rules. "
                       "No row is one young person's.",
        "resources": [{
            "name": table.name, "path": f"data/{table.name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "description": table.description,
            "schema": {"fields": [{"name": name, "type": kind, "description": what}
                                  for name, kind, what in table.fields],
                       **({"primaryKey": list(table.primary_key)} if table.primary_key else {})},
        } for table in found],
    }


def zipped(found: list[Table], title: str, created: date) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(found, title, created), ensure_ascii=False,
                                                        indent=2))
        for table in found:
            archive.writestr(f"data/{table.name}.csv", _csv(table))
    return out.getvalue()


