"""Turns the edges of who talks to whom (``analysis.store.query.network_edges``) into what the
"Who talks to whom" page draws: a graph (networkx) of the busiest nodes, its layout and
measures, the brokers, the country-pair matrix and the figure. Pure: no streamlit.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

#: The most nodes the figure and the brokers are computed on: the busiest, by exchanges. The
#: edges' download holds every pair.
NODE_CAP = 60

#: The most brokers listed.
BROKER_CAP = 50

#: The columns of the brokers table.
BROKERS = ["broker", "side_a", "side_b", "with_a", "with_b"]


def graph(edges: pd.DataFrame, *, cap: int = NODE_CAP) -> nx.Graph:
    """The graph of ``edges`` on its ``cap`` busiest nodes (by exchanges, then key): each node
    has ``label``, ``country`` and ``exchanges``; each edge ``weight`` (exchanges),
    ``reports``, ``channels``, ``dates``, ``first`` and ``last``."""
    g = nx.Graph()
    busy: dict[str, int] = {}
    for side in ("source", "target"):
        for key, n in zip(edges[side], edges["exchanges"]):
            busy[key] = busy.get(key, 0) + int(n)
    kept = set(sorted(busy, key=lambda k: (-busy[k], k))[:cap])
    for r in edges.itertuples(index=False):
        if r.source not in kept or r.target not in kept:
            continue
        g.add_node(r.source, label=r.source_label, country=r.source_country,
                   exchanges=busy[r.source])
        g.add_node(r.target, label=r.target_label, country=r.target_country,
                   exchanges=busy[r.target])
        g.add_edge(r.source, r.target, weight=int(r.exchanges), reports=int(r.reports),
                   channels=r.channels, dates=r.dates, first=r.first, last=r.last)
    return g


def layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions: a force-directed layout, the same for the same graph (a fixed seed)."""
    if not g:
        return {}
    positions = nx.spring_layout(g, seed=7, weight="weight", k=1.5 / max(1, len(g)) ** 0.5)
    return {n: (float(x), float(y)) for n, (x, y) in positions.items()}


def measures(g: nx.Graph) -> pd.DataFrame:
    """Per node: label, country, exchanges, partners (degree) and betweenness (how often it
    stands on the shortest path between two others), the busiest first."""
    if not g:
        return pd.DataFrame(columns=["label", "country", "exchanges", "partners", "betweenness"])
    between = nx.betweenness_centrality(g)
    rows = [(d["label"], d["country"], d["exchanges"], g.degree(n), round(between[n], 3))
            for n, d in g.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["label", "country", "exchanges", "partners",
                                        "betweenness"])
    return frame.sort_values(["exchanges", "label"], ascending=[False, True], ignore_index=True)


def brokers(g: nx.Graph, *, cap: int = BROKER_CAP) -> pd.DataFrame:
    """Who talks to both sides of a pair that do not talk to each other: one row per (broker,
    side_a, side_b), with the exchanges the broker had with each side; the pairs the broker
    is busiest with first."""
    rows = []
    for b in g.nodes:
        partners = sorted(g.neighbors(b), key=lambda n: g.nodes[n]["label"])
        for i, a in enumerate(partners):
            for c in partners[i + 1:]:
                if not g.has_edge(a, c):
                    rows.append((g.nodes[b]["label"], g.nodes[a]["label"], g.nodes[c]["label"],
                                 g[b][a]["weight"], g[b][c]["weight"]))
    frame = pd.DataFrame(rows, columns=BROKERS)
    if frame.empty:
        return frame
    frame["_rank"] = frame[["with_a", "with_b"]].min(axis=1)
    frame = frame.sort_values(["_rank", "broker", "side_a", "side_b"],
                              ascending=[False, True, True, True])
    return frame.drop(columns="_rank").head(cap).reset_index(drop=True)


def matrix(edges: pd.DataFrame) -> pd.DataFrame:
    """The country-pair matrix of exchange counts from edges by country: symmetric, one row
    and one column per country (sorted), 0 where two never exchanged."""
    if edges.empty:
        return pd.DataFrame()
    both = pd.concat([edges[["source", "target", "exchanges"]],
                      edges[["target", "source", "exchanges"]].set_axis(
                          ["source", "target", "exchanges"], axis=1)])
    table = both.pivot_table(index="source", columns="target", values="exchanges",
                             aggfunc="sum", fill_value=0)
    countries = sorted(set(table.index) | set(table.columns))
    table = table.reindex(index=countries, columns=countries, fill_value=0).astype("int64")
    table.index.name, table.columns.name = "country", None
    return table


def figure(g: nx.Graph, positions: dict[str, tuple[float, float]]) -> go.Figure:
    """The network: a line per pair (wider for more exchanges), hovering its midpoint shows
    the exchanges, reports, dates and channels; a dot per node sized by its exchanges."""
    fig = go.Figure()
    top = max((d["weight"] for _, _, d in g.edges(data=True)), default=1)
    mid_x, mid_y, mid_text = [], [], []
    for a, b, d in g.edges(data=True):
        (x0, y0), (x1, y1) = positions[a], positions[b]
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip",
                                 line={"width": 1 + 5 * d["weight"] / top, "color": "#8a99ad"},
                                 showlegend=False))
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_text.append(f"{g.nodes[a]['label']} – {g.nodes[b]['label']}<br>"
                        f"{d['weight']} exchange{'s' if d['weight'] != 1 else ''} in "
                        f"{d['reports']} report{'s' if d['reports'] != 1 else ''}<br>"
                        f"dates: {d['dates'] or 'unknown'}<br>channels: {d['channels']}")
    fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", marker={"size": 8,
                             "opacity": 0}, hovertext=mid_text, hoverinfo="text",
                             showlegend=False, name="pairs"))
    nodes = list(g.nodes(data=True))
    most = max((d["exchanges"] for _, d in nodes), default=1)
    fig.add_trace(go.Scatter(
        x=[positions[n][0] for n, _ in nodes], y=[positions[n][1] for n, _ in nodes],
        mode="markers+text", text=[d["label"] for _, d in nodes], textposition="top center",
        hovertext=[f"{d['label']} ({d['country'] or 'country unknown'})<br>{d['exchanges']} "
                   f"exchange{'s' if d['exchanges'] != 1 else ''}" for _, d in nodes],
        hoverinfo="text", showlegend=False, name="nodes",
        marker={"size": [10 + 20 * d["exchanges"] / most for _, d in nodes],
                "color": "#1f77b4", "line": {"width": 1, "color": "white"}}))
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    pad_x = 0.3 * ((max(xs) - min(xs)) or 1.0)  # room for the labels of the outer nodes
    pad_y = 0.12 * ((max(ys) - min(ys)) or 1.0)
    fig.update_layout(height=560, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis={"visible": False, "range": [min(xs) - pad_x, max(xs) + pad_x]},
                      yaxis={"visible": False, "range": [min(ys) - pad_y, max(ys) + pad_y]},
                      hovermode="closest", plot_bgcolor="white")
    return fig


__all__ = ["BROKERS", "BROKER_CAP", "NODE_CAP", "brokers", "figure", "graph", "layout",
           "matrix", "measures"]
