"""Public statistics beside the young people's answers: series imported from the statistics offices' PxWeb
APIs as JSON-stat 2.0 (Statistics Sweden, Statistics Norway), read with pyjstat, from Kolada's API (its JSON
of one key figure by municipality or unit and year), or as a CSV described by a Frictionless table schema
(fields place, period and value), read with frictionless. A series is one figure
by area and period; an area named as one of the initiative's places is tied to it. A file that cannot be
read as such is refused with what is wrong, and nothing of it is kept.
"""

import json
import re
import urllib.request
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from . import organising
from .models import StatisticSeries, StatisticValue

# The most a file may hold: a series for an initiative's places over some years is a few hundred values.
MOST_VALUES = 20_000
MOST_BYTES = 5_000_000
FETCH_SECONDS = 20


class StatisticsError(ValueError):
    """What is wrong with the file, in words for the coordinator (a lazy text, said in their language)."""


@dataclass(frozen=True)
class Row:
    area: str
    period: date
    value: float


@dataclass(frozen=True)
class Read:
    title: str
    unit: str
    source: str
    published_on: date | None
    rows: list[Row]


_PERIOD = [
    (re.compile(r"^(\d{4})$"), lambda m: date(int(m[1]), 1, 1)),
    (re.compile(r"^(\d{4})[Mm-]?(0[1-9]|1[0-2])$"), lambda m: date(int(m[1]), int(m[2]), 1)),
    (re.compile(r"^(\d{4})[KkQq]([1-4])$"), lambda m: date(int(m[1]), 3 * int(m[2]) - 2, 1)),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), lambda m: date(int(m[1]), int(m[2]), int(m[3]))),
]


def period_start(text: str) -> date:
    """The first day of a period as the statistics offices write it: 2024, 2024M05, 2024K2, 2024Q2, 2024-05-01."""
    for pattern, made in _PERIOD:
        found = pattern.match(text.strip())
        if found:
            try:
                return made(found)
            except ValueError:
                break
    raise StatisticsError(_l("A period that is not a date: %(period)s", period=text))


def _json(text: str):
    try:
        return json.loads(text, object_pairs_hook=OrderedDict)  # pyjstat reads its datasets as ordered dicts
    except ValueError as error:
        raise StatisticsError(_l("The file is not JSON: %(error)s", error=str(error))) from None


def read_jsonstat(text: str) -> Read:
    return _jsonstat(_json(text))


def _jsonstat(raw) -> Read:
    """One series from a JSON-stat 2.0 dataset: its area dimension (role "geo"), its time dimension (role
    "time"), and every other dimension with a single category (the figure itself, its unit)."""
    import pyjstat.pyjstat as pyjstat  # pandas: loaded only when a file comes

    if not isinstance(raw, dict) or raw.get("class") != "dataset" or str(raw.get("version")) != "2.0":
        raise StatisticsError(_l("The file is not a JSON-stat 2.0 dataset (its class and version say so)."))
    dimensions, role = raw.get("dimension") or {}, raw.get("role") or {}
    ids = raw.get("id") or []
    geo, time = (role.get("geo") or [None])[0], (role.get("time") or [None])[0]
    for needed, found in ((_l("area (role geo)"), geo), (_l("time (role time)"), time)):
        if found not in ids:
            raise StatisticsError(_l("A dimension is missing: %(dimension)s.", dimension=needed))
    several = [d for d, size in zip(ids, raw.get("size") or [], strict=False) if d not in (geo, time) and size > 1]
    if several:
        raise StatisticsError(_l("The file holds more than one series: the dimension %(dimension)s has several "
                                 "categories. Choose one when you take the table out.", dimension=several[0]))
    try:
        with warnings.catch_warnings():  # pyjstat's own dataframe writer calls its deprecated reader
            warnings.simplefilter("ignore", DeprecationWarning)
            frame = pyjstat.Dataset.read(raw).write("dataframe", naming="id")
    except (KeyError, ValueError, TypeError, IndexError) as error:
        raise StatisticsError(_l("The file could not be read as JSON-stat: %(error)s", error=str(error))) from None
    if len(frame) > MOST_VALUES:
        raise StatisticsError(_l("The file holds more than %(most)s values.", most=MOST_VALUES))
    area_names = dimensions[geo]["category"].get("label") or {}
    rows = []
    for area_id, period_id, value in zip(frame[geo], frame[time], frame["value"], strict=True):
        if value is None or value != value:  # a missing value (NaN) is left out
            continue
        rows.append(Row(str(area_names.get(area_id, area_id)), period_start(str(period_id)), float(value)))
    if not rows:
        raise StatisticsError(_l("The file holds no values."))
    title = str(raw.get("label") or "").strip()
    if not title:
        raise StatisticsError(_l("The dataset has no label: a series needs a title."))
    return Read(title[:300], _unit(dimensions, ids, geo, time), str(raw.get("source") or "").strip()[:300],
                _published(raw.get("updated")), rows)


def _unit(dimensions: dict, ids: list, geo: str, time: str) -> str:
    for dimension in ids:
        if dimension not in (geo, time):
            units = dimensions[dimension]["category"].get("unit") or {}
            for unit in units.values():
                return str(unit.get("base") or unit.get("label") or "")[:100]
    return ""


def _published(updated) -> date | None:
    try:
        return datetime.fromisoformat(str(updated).replace("Z", "+00:00")).date() if updated else None
    except ValueError:
        return None


def fetched(url: str) -> str:
    """The text at ``url`` (only ever asked when a URL is given)."""
    if not url.startswith(("https://", "http://")):
        raise StatisticsError(_l("Only a web address (https://…) can be fetched."))
    try:
        with urllib.request.urlopen(url, timeout=FETCH_SECONDS) as answer:  # noqa: S310 - http(s) only, above
            return answer.read(MOST_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StatisticsError(_l("The address could not be read: %(error)s", error=str(error))) from None


def save(session: Session, read: Read, origin: str, focus_area_key: str | None) -> StatisticSeries:
    """Keep ``read`` as a series, each area tied to the place of its name (whatever its capitals)."""
    if not read.source:
        raise StatisticsError(_l("The file does not say its source: a series is always shown with it."))
    places = {place.name.casefold(): place for place in organising.places(session)}
    series = StatisticSeries(title=read.title, unit=read.unit, source=read.source, published_on=read.published_on,
                             focus_area_key=focus_area_key or None, origin=origin[:500])
    seen: set[tuple[str, date]] = set()
    for row in read.rows:
        if (row.area, row.period) in seen:
            raise StatisticsError(_l("%(area)s has two values for %(period)s.", area=row.area, period=row.period))
        seen.add((row.area, row.period))
        series.values.append(StatisticValue(area=row.area[:200], period=row.period, value=row.value,
                                            place=places.get(row.area.casefold())))
    session.add(series)
    session.flush()
    return series


def import_text(session: Session, text: str, origin: str, focus_area_key: str | None = None,
                data: bytes | None = None, folder: Path | None = None) -> StatisticSeries:
    """A JSON-stat dataset, or a Frictionless descriptor with its CSV (``data``, or its path in ``folder``)."""
    if len(text) > MOST_BYTES or (data is not None and len(data) > MOST_BYTES):
        raise StatisticsError(_l("The file is larger than %(most)s MB.", most=MOST_BYTES // 1_000_000))
    raw = _json(text)
    described = isinstance(raw, dict) and ("schema" in raw or "resources" in raw)
    if described:
        read = read_described(raw, data, folder)
    elif _is_kolada(raw):
        read = _kolada(raw, kolada_titles(origin, raw) if origin.startswith(("https://", "http://")) else {})
    else:
        read = _jsonstat(raw)
    return save(session, read, origin, focus_area_key)


# Kolada (the Swedish municipalities' key figures, RKA): its data API answers {"values": [{"kpi": "N00945",
# "municipality": "0180" (or "ou": a unit), "period": 2024, "values": [{"gender": "T", "value": 61.2, …}]}]}.
# The key figure's title and the areas' names are asked of the same API, when the data came from it.
KOLADA_SOURCE = "Kolada (RKA)"
_KOLADA_DATA = re.compile(r"^(https?://[^?#]+?/v\d+)/data/")


def _is_kolada(raw) -> bool:
    values = raw.get("values") if isinstance(raw, dict) else None
    return bool(values) and isinstance(values, list) and isinstance(values[0], dict) and "kpi" in values[0]


def _kolada(raw: dict, titles: dict[str, str]) -> Read:
    """One series from Kolada's data: a single key figure, each area's total ("T", or the only value given) by
    year. ``titles``: the key figure's title (under "kpi") and the areas' names by id, where known."""
    items = [item for item in raw["values"] if isinstance(item, dict)]
    kpis = sorted({str(item.get("kpi")) for item in items})
    if len(kpis) > 1:
        raise StatisticsError(_l("The file holds more than one series: the key figures %(kpis)s. Ask for one at a "
                                 "time.", kpis=", ".join(kpis)))
    rows = []
    for item in items:
        area = item.get("municipality") or item.get("ou")
        if area is None:
            raise StatisticsError(_l("A dimension is missing: %(dimension)s.",
                                     dimension=_l("area (municipality or ou)")))
        given = [v for v in item.get("values") or [] if isinstance(v, dict)]
        total = [v for v in given if v.get("gender") == "T"] or (given if len(given) == 1 else [])
        for value in total:
            if value.get("value") is None:
                continue
            try:
                number = float(value["value"])
            except (TypeError, ValueError):
                raise StatisticsError(_l("A value that is not a number: %(value)s", value=value["value"])) from None
            rows.append(Row(titles.get(str(area), str(area)), period_start(str(item.get("period"))), number))
    if len(rows) > MOST_VALUES:
        raise StatisticsError(_l("The file holds more than %(most)s values.", most=MOST_VALUES))
    if not rows:
        raise StatisticsError(_l("The file holds no values."))
    return Read(titles.get("kpi") or f"Kolada {kpis[0]}", "", KOLADA_SOURCE, None, rows)


def kolada_titles(url: str, raw: dict) -> dict[str, str]:
    """The title of the key figure and the names of the areas of Kolada data fetched from ``url``, asked of the
    same API (…/kpi/<id>, …/municipality/<ids> or …/ou/<ids>); what cannot be read is left out (ids stay)."""
    found = _KOLADA_DATA.match(url)
    if found is None:
        return {}
    base, items = found[1], [item for item in raw["values"] if isinstance(item, dict)]
    titles: dict[str, str] = {}
    asked = [("kpi", {str(item.get("kpi")) for item in items}),
             ("municipality", {str(item["municipality"]) for item in items if item.get("municipality")}),
             ("ou", {str(item["ou"]) for item in items if item.get("ou")})]
    for kind, ids in asked:
        if not ids:
            continue
        try:
            answer = json.loads(fetched(f"{base}/{kind}/{','.join(sorted(ids))}"))
        except (StatisticsError, ValueError):
            continue
        for meta in answer.get("values") or [] if isinstance(answer, dict) else []:
            if isinstance(meta, dict) and meta.get("id") is not None and meta.get("title"):
                titles["kpi" if kind == "kpi" else str(meta["id"])] = str(meta["title"])[:300]
    return titles


FIELDS = ("place", "period", "value")


def read_described(descriptor: dict, data: bytes | None, folder: Path | None) -> Read:
    """One series from a CSV described by a Frictionless resource (or the first resource of a data package):
    its schema has the fields place, period and value; its title, its sources' first title, and a ``unit``
    (on the resource or its value field) say the rest."""
    from frictionless import Resource, Schema  # loaded only when a file comes

    package = descriptor if "resources" in descriptor else {}
    resource = (descriptor.get("resources") or [{}])[0] if package else descriptor
    if not isinstance(resource, dict) or not isinstance(resource.get("schema"), dict):
        raise StatisticsError(_l("The descriptor has no table schema."))
    fields = resource["schema"].get("fields") or []
    names = [field.get("name") for field in fields if isinstance(field, dict)]
    for needed in FIELDS:
        if needed not in names:
            raise StatisticsError(_l("A field is missing from the table schema: %(field)s.", field=needed))
    if data is None:
        data = _data_beside(resource, folder)
    try:
        schema = Schema.from_descriptor({"fields": fields})
        types = {field.get("name"): field.get("type", "string") for field in fields}
        rows, problems = [], []
        with Resource(data, format="csv", schema=schema) as table:
            for row in table.row_stream:
                if not row.valid:
                    problems += [_l("Row %(row)s, %(field)s: %(cell)s is not a %(type)s.", row=row.row_number,
                                    field=error.field_name, cell=error.cell, type=types.get(error.field_name))
                                 for error in row.errors if hasattr(error, "field_name")]
                    if not problems:
                        problems.append(_l("Row %(row)s does not fit the table schema.", row=row.row_number))
                    continue
                if row["value"] is None or row["place"] in (None, ""):
                    continue
                rows.append(Row(str(row["place"]), _period(row["period"]), float(row["value"])))
                if len(rows) > MOST_VALUES:
                    raise StatisticsError(_l("The file holds more than %(most)s values.", most=MOST_VALUES))
    except StatisticsError:
        raise
    except Exception as error:  # noqa: BLE001 - frictionless raises its own for a broken file
        raise StatisticsError(_l("The file could not be read as CSV: %(error)s", error=str(error))) from None
    if problems:
        raise StatisticsError(problems[0])
    if not rows:
        raise StatisticsError(_l("The file holds no values."))
    value_field = next(field for field in fields if field.get("name") == "value")
    sources = resource.get("sources") or package.get("sources") or [{}]
    title = str(resource.get("title") or package.get("title") or "").strip()
    if not title:
        raise StatisticsError(_l("The descriptor has no title: a series needs one."))
    return Read(title[:300], str(resource.get("unit") or value_field.get("unit") or "")[:100],
                str(sources[0].get("title") or "").strip()[:300],
                _published(resource.get("published") or package.get("created")), rows)


def _period(found) -> date:
    if isinstance(found, datetime):
        return found.date()
    if isinstance(found, date):
        return found
    if isinstance(found, int):
        return date(found, 1, 1)
    return period_start(str(found))


def _data_beside(resource: dict, folder: Path | None) -> bytes:
    """The CSV a descriptor names by a path beside it: never a web address, nor a file outside its folder."""
    path = resource.get("path")
    if not isinstance(path, str) or folder is None:
        raise StatisticsError(_l("The data is missing: give the CSV file with its descriptor."))
    found = (folder / path).resolve()
    if "://" in path or not found.is_relative_to(folder.resolve()):
        raise StatisticsError(_l("The descriptor's path must name a file beside it: %(path)s", path=path))
    try:
        return found.read_bytes()[:MOST_BYTES + 1]
    except OSError:
        raise StatisticsError(_l("The data is missing: give the CSV file with its descriptor.")) from None


def titles(session: Session) -> list[tuple[int, str]]:
    """Each series' id and title, by title (to choose one from)."""
    return [(row.id, row.title) for row in session.execute(
        select(StatisticSeries.id, StatisticSeries.title).order_by(func.lower(StatisticSeries.title)))]


def all_series(session: Session) -> list[StatisticSeries]:
    return list(session.scalars(select(StatisticSeries).options(selectinload(StatisticSeries.values))
                                .order_by(func.lower(StatisticSeries.title))))


def latest_by_area(series: StatisticSeries) -> list[StatisticValue]:
    """Each area's newest value."""
    newest: dict[str, StatisticValue] = {}
    for value in series.values:
        if value.area not in newest or value.period > newest[value.area].period:
            newest[value.area] = value
    return sorted(newest.values(), key=lambda v: v.area.casefold())
