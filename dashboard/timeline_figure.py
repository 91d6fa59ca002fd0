"""Turns a view's answers into the timeline: contacts by date with one lane per actor grouped
under their country (or one per country), a mark for each contact in each participant's lane,
the actions by acting country, and counts per day, week or month as the span asks, on one date
axis fitted to the data with a range slider; and its text summary. No streamlit here, so that
every piece is unit-tested."""
from __future__ import annotations

import calendar
import html
import textwrap
from collections import Counter
from datetime import date, datetime, time, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.engine.frames import split_list
from analysis.engine.geo import country_points
from dashboard.map_figure import CONTACT_COLOUR, EVENT_COLOUR, MAX_MARKERS, latest

#: Marker symbol per contact channel, and per action type in turn.
CHANNEL_SYMBOLS = {"phone": "circle", "meeting": "square", "video": "diamond",
                   "letter": "triangle-up", "visit": "star", "other": "x"}
EVENT_SYMBOLS = ["triangle-down", "x", "cross", "hexagon", "pentagon", "bowtie"]
#: Text colour of every label in the figure: 14.7:1 on white (WCAG AA asks 4.5:1).
TEXT = "#1f2937"
#: How many lanes the contacts panel shows unless told (the busiest; the rest share a lane).
DEFAULT_LANES = 20
#: Pixels per lane, per count panel and between panels (room for a date axis and a title).
LANE_PX, COUNTS_PX, GAP_PX = 24, 130, 84
#: Longest lane label; the full name is in the hover text.
LABEL_CHARS = 30
OTHER = "Other"


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(_esc(line) for line in textwrap.wrap(str(text or ""), width)[:6])


def _short(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[:chars - 1].rstrip() + "…"


def _country(code: str, points) -> str:
    return points[code].name if code in points else code


def contact_marks(contacts: pd.DataFrame, lanes: str) -> pd.DataFrame:
    """One row per (dated contact, participant): its lane (the participant, or their country's
    name when ``lanes`` is "countries"), the lane's group (the country), channel, id, hover
    text naming every participant. A contact with no participants named uses its countries."""
    points = country_points()
    rows = []
    for r in contacts.itertuples(index=False):
        if not r.date:
            continue
        people = split_list(r.participants)
        codes = split_list(r.countries)
        names = [_country(c, points) for c in codes]
        if lanes == "countries" or not people:
            marks = [(n, n) for n in names]
        else:  # participants and countries are in the same order
            marks = [(p, names[i] if i < len(names) else "(country unknown)")
                     for i, p in enumerate(people)]
        told = f" ({_esc(r.date_text)})" if getattr(r, "date_text", "") else ""
        hover = (f"<b>{_esc(r.channel or 'contact')}</b> {_esc(r.date)}{told}<br>"
                 f"{' – '.join(_esc(p) for p in people) or _esc(' – '.join(names))}<br>"
                 f"{_esc(' – '.join(dict.fromkeys(names)))}<br><i>{_wrap(r.evidence)}</i>")
        for lane, group in dict.fromkeys(marks):
            rows.append({"date": str(r.date)[:10], "lane": lane, "group": group,
                         "kind": r.channel or "other", "id": r.contact_id, "hover": hover})
    return pd.DataFrame(rows, columns=["date", "lane", "group", "kind", "id", "hover"])


def action_marks(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (dated action, acting country): lane and group the country's name."""
    points = country_points()
    rows = []
    for r in events.itertuples(index=False):
        if not r.date:
            continue
        actors = split_list(r.actors) or ["(unknown)"]
        targets = ", ".join(_country(t, points) for t in split_list(r.targets))
        hover = (f"<b>{_esc(r.type or 'action')}</b> {_esc(r.date)}<br>"
                 f"{_esc(', '.join(_country(a, points) for a in actors))}"
                 f" → {_esc(targets or '?')}<br><i>{_wrap(r.evidence)}</i>")
        for a in dict.fromkeys(actors):
            name = _country(a, points)
            rows.append({"date": str(r.date)[:10], "lane": name, "group": name,
                         "kind": r.type or "action", "id": r.event_id, "hover": hover})
    return pd.DataFrame(rows, columns=["date", "lane", "group", "kind", "id", "hover"])


def lane_order(marks: pd.DataFrame, limit: int | None) -> tuple[list[tuple[str, str]], int]:
    """The lanes to draw, top to bottom, as (group, lane): groups by how many marks they hold,
    the busiest first, and each group's lanes likewise; only the ``limit`` busiest lanes keep
    their own (None: all), the rest share an ``OTHER`` lane at the bottom. Returns the lanes
    and how many were folded into ``OTHER``."""
    if marks.empty:
        return [], 0
    per_lane = Counter(zip(marks["group"], marks["lane"]))
    busiest = sorted(per_lane, key=lambda k: (-per_lane[k], k[1]))
    kept = busiest if limit is None or len(busiest) <= limit else busiest[:max(limit, 1)]
    folded = len(busiest) - len(kept)
    per_group = Counter()
    for (group, lane) in kept:
        per_group[group] += per_lane[(group, lane)]
    ordered = sorted(kept, key=lambda k: (-per_group[k[0]], k[0], -per_lane[k], k[1]))
    if folded:
        ordered.append((OTHER, OTHER))
    return ordered, folded


def bucket_size(first: date, last: date) -> str:
    """"day", "week" or "month": the count bars' width for a span, so that there are enough
    bars to show a shape and few enough to see each (up to about 9 weeks: days; up to about
    two years: weeks; longer: months)."""
    days = (last - first).days
    return "day" if days <= 62 else "week" if days <= 730 else "month"


def bucket_counts(counts: pd.Series, size: str) -> pd.DataFrame:
    """Counts per day (ISO date -> count) summed per ``size`` bucket: start, middle (where the
    bar stands, an ISO timestamp), width in milliseconds (80% of the bucket), count and a
    label for the hover. Any date of the calendar works (0001-01-01 to 9999-12-31); a key that
    is not a date is skipped."""
    totals: dict[tuple[date, int, str], int] = {}
    for day, n in zip(counts.index, counts.to_numpy()):
        try:
            d = date.fromisoformat(str(day)[:10])
        except ValueError:
            continue
        if size == "day":
            start, length, label = d, 1, d.strftime("%d %b %Y")
        elif size == "week":
            start = d - timedelta(days=min(d.weekday(), (d - date.min).days))
            length, label = 7, "week of " + start.strftime("%d %b %Y")
        else:
            start = d.replace(day=1)
            length, label = calendar.monthrange(d.year, d.month)[1], start.strftime("%B %Y")
        key = (start, length, label)
        totals[key] = totals.get(key, 0) + int(n)
    rows = [(start, (datetime.combine(start, time()) + timedelta(hours=12 * length)).isoformat(),
             length * 86_400_000 * 0.8, n, label)
            for (start, length, label), n in sorted(totals.items())]
    return pd.DataFrame(rows, columns=["start", "middle", "width", "count", "label"])


def _padded(first: date, last: date) -> tuple[str, str]:
    """The axis range around [first, last]: 4% of the span (at least a day) each side, so that
    no mark is cut at an edge, within the calendar (0001-01-01 and 9999-12-31 are dates)."""
    pad = max(timedelta(days=1), timedelta(days=round((last - first).days * 0.04)))
    lo = first - pad if first - date.min >= pad else date.min
    hi = last + pad if date.max - last >= pad else date.max
    return lo.isoformat(), hi.isoformat()


def day_step(lo: str, hi: str, *, labels: int) -> int | None:
    """A date axis's step in milliseconds for a span under a month (whole days, about
    ``labels`` of them, so that no day is labelled twice); None lets plotly choose."""
    days = (date.fromisoformat(hi) - date.fromisoformat(lo)).days
    if days > 31:
        return None
    return max(1, -(-days // labels)) * 86_400_000


#: Date labels that stay short: day and month, with the year on a second line when it helps.
TICK_FORMATS = [
    {"dtickrange": [None, 604_800_000], "value": "%d %b<br>%Y"},
    {"dtickrange": [604_800_000, "M1"], "value": "%d %b<br>%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b<br>%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]


def _lanes_trace_y(marks: pd.DataFrame, order: list[tuple[str, str]]) -> list[int]:
    """Each mark's lane as its position in ``order`` (a folded lane goes to ``OTHER``)."""
    index = {key: n for n, key in enumerate(order)}
    other = index.get((OTHER, OTHER))
    return [index.get((g, lane), other) for g, lane in zip(marks["group"], marks["lane"])]


def _axis_labels(order: list[tuple[str, str]], grouped: bool, folded: int,
                 compact: bool = False) -> tuple[list[int], list[str]]:
    """Tick positions and labels of a lane axis: the lane's name, and for grouped lanes the
    country in bold on the first lane of each group (on a phone, the lane's name only, short:
    the groups are told apart by their bands)."""
    vals, texts, previous = [], [], None
    for n, (group, lane) in enumerate(order):
        if (group, lane) == (OTHER, OTHER):
            text = f"{OTHER} ({folded:,})"
        elif compact:
            text = _esc(_short(lane, 14))
        elif grouped and group != previous:
            text = f"<b>{_esc(_short(group))}</b> · {_esc(_short(lane))}" if lane != group \
                else f"<b>{_esc(_short(group))}</b>"
        else:
            text = _esc(_short(lane))
        vals.append(n)
        texts.append(text)
        previous = group
    return vals, texts


def build_timeline(contacts: pd.DataFrame, events: pd.DataFrame,
                   per_day: dict[str, pd.Series], *, lanes: str = "actors",
                   max_lanes: int | None = DEFAULT_LANES,
                   highlight: tuple[str, ...] = (), compact: bool = False) -> go.Figure:
    """Build the timeline: contacts (one lane per actor, grouped under their country and the
    busiest first, or one per country with ``lanes="countries"``; the ``max_lanes`` busiest
    lanes, the rest sharing an "Other" lane; a mark per channel in each participant's lane, no
    line across lanes), actions (one lane per acting country), and counts per day, week or
    month over every matching row (``per_day``: "contacts" and "actions", ISO date -> count).
    Every panel has a date axis; the axes share one range fitted to the marks with padding,
    and a range slider under the counts covers everything. Each mark's ``customdata`` is
    ("contact" or "action", row id); the contacts of ``highlight`` (ids) are ringed in every
    lane they appear in. Rows with an unknown date are left out; over ``MAX_MARKERS`` dated
    contacts (or actions) the latest are drawn and the title says so. ``compact`` (a phone's
    width) asks for fewer date labels on a short span."""
    contacts, events = latest(contacts, MAX_MARKERS), latest(events, MAX_MARKERS)
    cm = contact_marks(contacts, lanes)
    am = action_marks(events)
    c_order, c_folded = lane_order(cm, max_lanes)
    a_order, a_folded = lane_order(am, max_lanes)
    panels = [p for p, marks in (("Contacts", cm), ("Actions", am)) if len(marks)]
    all_days = sorted(set(cm["date"]) | set(am["date"]) | set(per_day["contacts"].index)
                      | set(per_day["actions"].index))
    first = date.fromisoformat(all_days[0]) if all_days else date.today()
    last = date.fromisoformat(all_days[-1]) if all_days else date.today()
    size = bucket_size(first, last)
    titles = [f"Contacts ({len(c_order)} lanes{', busiest first' if c_folded else ''})"
              if p == "Contacts" else "Actions, by acting country" for p in panels]
    titles.append(f"Contacts and actions per {size}")
    px = [len(c_order) * LANE_PX + 20 if p == "Contacts" else len(a_order) * LANE_PX + 20
          for p in panels] + [COUNTS_PX]
    plot_px = sum(px) + GAP_PX * (len(px) - 1)
    fig = make_subplots(rows=len(px), cols=1, shared_xaxes=True, row_heights=px,
                        vertical_spacing=GAP_PX / plot_px, subplot_titles=titles)
    row_of = {name: i + 1 for i, name in enumerate(panels)}
    counts_row = len(px)

    def marks_traces(marks, order, symbols, colour, kind, row, prefix):
        ys = _lanes_trace_y(marks, order)
        marks = marks.assign(y=ys)
        for n, (name, group) in enumerate(marks.groupby("kind", sort=True)):
            symbol = symbols.get(name, "circle") if isinstance(symbols, dict) \
                else symbols[n % len(symbols)]
            fig.add_trace(go.Scatter(
                x=list(group["date"]), y=[int(v) for v in group["y"]], mode="markers",
                name=f"{prefix}: {name}",
                marker={"symbol": symbol, "size": 12, "color": f"rgb{tuple(colour)}",
                        "line": {"width": 1, "color": "white"}},
                customdata=[[kind, i] for i in group["id"]], hovertext=group["hover"],
                hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False,
                legendgroup=prefix), row=row, col=1)
        grouped = prefix == "contact" and lanes != "countries"
        vals, texts = _axis_labels(order, grouped, c_folded if prefix == "contact" else a_folded,
                                   compact)
        if grouped:  # a light band behind every other country's lanes
            yref = "y" if row == 1 else f"y{row}"
            start, band = 0, 0
            for n in range(1, len(order) + 1):
                if n == len(order) or order[n][0] != order[start][0]:
                    if band % 2 == 0:
                        fig.add_shape(type="rect", xref="x domain", yref=yref, x0=0, x1=1,
                                      y0=start - 0.5, y1=n - 0.5, fillcolor="#eef2f7",
                                      line={"width": 0}, layer="below", row=row, col=1)
                    start, band = n, band + 1
        fig.update_yaxes(tickmode="array", tickvals=vals, ticktext=texts, autorange=False,
                         range=[len(order) - 0.5, -0.5], automargin=True, showgrid=True,
                         gridcolor="#e5e7eb", zeroline=False, row=row, col=1)
        return marks

    if "Contacts" in row_of:
        drawn = marks_traces(cm, c_order, CHANNEL_SYMBOLS, CONTACT_COLOUR, "contact",
                             row_of["Contacts"], "contact")
        ringed = drawn[drawn["id"].isin(set(highlight))]
        if len(ringed):  # the picked contact in each of its participants' lanes
            fig.add_trace(go.Scatter(
                x=ringed["date"], y=ringed["y"], mode="markers", name="selected contact",
                marker={"symbol": "circle-open", "size": 22, "color": "#111827",
                        "line": {"width": 3}}, hoverinfo="skip", cliponaxis=False),
                row=row_of["Contacts"], col=1)
    if "Actions" in row_of:
        marks_traces(am, a_order, EVENT_SYMBOLS, EVENT_COLOUR, "action", row_of["Actions"],
                     "action")
    for label, colour in (("contacts", CONTACT_COLOUR), ("actions", EVENT_COLOUR)):
        bars = bucket_counts(per_day[label], size)
        if len(bars):
            fig.add_trace(go.Bar(x=list(bars["middle"]), y=[int(n) for n in bars["count"]],
                                 width=[float(w) for w in bars["width"]],
                                 name=f"{label} per {size}", marker_color=f"rgb{tuple(colour)}",
                                 customdata=list(bars["label"]),
                                 hovertemplate="%{customdata}: %{y} " + label + "<extra></extra>"),
                          row=counts_row, col=1)
    fig.update_yaxes(title_text="count", rangemode="tozero", automargin=True,
                     gridcolor="#e5e7eb", row=counts_row, col=1)
    full = _padded(first, last)
    marked = sorted(set(cm["date"]) | set(am["date"]))
    capped = len(marked) and (len(contacts) < int(per_day["contacts"].sum())
                              or len(events) < int(per_day["actions"].sum()))
    shown = _padded(date.fromisoformat(marked[0]), date.fromisoformat(marked[-1])) \
        if capped else full
    fig.update_xaxes(type="date", range=list(shown), showticklabels=True, showgrid=True,
                     dtick=day_step(*shown, labels=4 if compact else 10),
                     gridcolor="#e5e7eb", tickformatstops=TICK_FORMATS, ticks="outside",
                     tickfont={"color": TEXT}, automargin=True)
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.08, "range": list(full),
                                  "bgcolor": "#f3f4f6"}, row=counts_row, col=1)
    # Streamlit's chart theme greys axis labels (3.7:1); every label is set to TEXT instead
    fig.update_yaxes(tickfont={"color": TEXT}, title_font={"color": TEXT})
    fig.update_annotations(font={"color": TEXT, "size": 14}, xanchor="left", x=0)
    fig.update_layout(height=int(plot_px + 190), barmode="stack", template="plotly_white",
                      font={"color": TEXT, "size": 13},
                      margin={"l": 10, "r": 10, "t": 70, "b": 20}, clickmode="event+select",
                      dragmode="select", hoverlabel={"align": "left"},
                      legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom",
                              "yref": "container", "font": {"color": TEXT}})
    dated = {"contacts": int(per_day["contacts"].sum()), "actions": int(per_day["actions"].sum())}
    cut = [f"the latest {len(drawn_rows[drawn_rows['date'] != '']):,} of {dated[label]:,} "
           f"dated {label}" for label, drawn_rows in (("contacts", contacts), ("actions", events))
           if len(drawn_rows[drawn_rows["date"] != ""]) < dated[label]]
    if cut:
        fig.update_layout(title={"text": "Marks for " + " and ".join(cut) + " (narrow the "
                                 f"filters to see the others); the counts per {size} cover "
                                 "all.", "font": {"size": 13, "color": TEXT}, "x": 0,
                                 "xanchor": "left", "y": 0.995, "yref": "container",
                                 "yanchor": "top"},
                          margin={"t": 100})
    return fig


def selected_ids(selection: dict | None) -> dict[str, list[str]]:
    """The contact and action ids picked on the timeline, from a plotly selection state."""
    out: dict[str, list[str]] = {"contact": [], "action": []}
    for point in (selection or {}).get("points") or []:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) == 2 and data[0] in out:
            if data[1] not in out[data[0]]:
                out[data[0]].append(str(data[1]))
    return out


def timeline_summary(contacts: pd.DataFrame, events: pd.DataFrame,
                     per_day: dict[str, pd.Series]) -> str:
    """The timeline in words (its text alternative, Markdown of our own words and the data's
    names, which the page makes literal): how many dated contacts and actions over which
    dates, the busiest day, week or month, and the most active actors and acting countries."""
    counts = {k: per_day[k] for k in ("contacts", "actions")}
    n_contacts, n_actions = int(counts["contacts"].sum()), int(counts["actions"].sum())
    days = sorted(set(counts["contacts"].index) | set(counts["actions"].index))
    if not days:
        return "No contact or action has a known date."
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    size = bucket_size(first, last)
    both = pd.concat([counts["contacts"], counts["actions"]]).groupby(level=0).sum()
    buckets = bucket_counts(both, size).sort_values(["count", "start"], ascending=[False, True])
    parts = [f"{n_contacts:,} dated contact{'s' if n_contacts != 1 else ''} and "
             f"{n_actions:,} dated action{'s' if n_actions != 1 else ''}, "
             f"{first.isoformat()} to {last.isoformat()}."]
    if len(buckets):
        top = buckets.iloc[0]
        parts.append(f"Busiest {size}: {top['label']} ({int(top['count']):,}).")
    people = Counter()
    for r in latest(contacts, MAX_MARKERS).itertuples(index=False):
        if r.date:
            people.update(list(dict.fromkeys(split_list(r.participants))))
    if people:
        parts.append("Most contacts: " + ", ".join(f"{p} ({n:,})" for p, n in
                                                   people.most_common(4)) + ".")
    am = action_marks(latest(events, MAX_MARKERS))
    if len(am):
        acting = Counter(am.drop_duplicates(["id", "lane"])["lane"])
        parts.append("Most actions by: " + ", ".join(f"{c} ({n:,})" for c, n in
                                                     acting.most_common(3)) + ".")
    return " ".join(parts)
