"""Who talks to whom: the contact network over the filters (actors or countries as nodes,
exchanges as edges), the brokers between pairs that do not talk to each other, and the
country-pair matrix of exchange counts, with their downloads."""
import pandas as pd
import streamlit as st

from dashboard import exchange_list, network, widgets
from dashboard.streamlit_workarounds import ensure_router

ensure_router()


@st.cache_resource(show_spinner=False, max_entries=64)
def drawn(key: tuple, filters, by: str, _edges: pd.DataFrame):
    """The graph of the busiest nodes, its figure, measures and brokers for one view and
    choice of nodes (cached with the view's answers: the same key, the same edges)."""
    g = network.graph(_edges)
    return (g, network.figure(g, network.layout(g)), network.measures(g),
            network.brokers(g))


st.title("Who talks to whom")
st.write("Calls, meetings and visits between the people or countries of the documents: each "
         "exchange counted once, however many reports tell it.")
view = widgets.load()
widgets.filter_notice(view)
by = st.radio("Nodes", ["actors", "countries"], horizontal=True, key="network-by",
              format_func=str.capitalize)
edges = view.network(by)

if edges.empty:
    widgets.empty("No two actors or countries have an exchange that matches these filters."
                  if view.filters.active else
                  "No exchanges between two actors or countries have been read yet.")
else:
    g, fig, measures, brokers = drawn(view.key, view.filters, by, edges)
    shown = (f"the {g.number_of_nodes()} busiest of {len(set(edges['source']) | set(edges['target'])):,}"
             if g.number_of_nodes() < len(set(edges["source"]) | set(edges["target"])) else
             f"{g.number_of_nodes()}")
    st.caption(f"{exchange_list.summary(view)}; {len(edges):,} pair"
               f"{'s' if len(edges) != 1 else ''}; {shown} {by} drawn. Hover a line's middle "
               "for its dates and channels.")
    st.plotly_chart(fig, width="stretch", key="network-figure")
    widgets.download(edges, "network-edges", filtered=view.filters.active,
                     key="download-edges", label=f"Download the pairs CSV ({len(edges):,} rows)")

    st.subheader("Brokers")
    st.write("Who talks to both sides of a pair that do not talk to each other (among the "
             "nodes drawn).")
    if brokers.empty:
        widgets.empty("Everyone drawn who talks to two others also sees them talk to each other.")
    else:
        st.dataframe(brokers, hide_index=True, width="stretch", key="network-brokers")

    st.subheader("Measures")
    st.dataframe(measures, hide_index=True, width="stretch", key="network-measures")

st.subheader("Country pairs")
pairs = view.network("countries") if by != "countries" else edges
table = network.matrix(pairs)
if table.empty:
    widgets.empty("No two countries have an exchange that matches these filters.")
else:
    st.dataframe(table, width="stretch", key="network-matrix")
    widgets.download(table.reset_index(), "country-pairs", filtered=view.filters.active,
                     key="download-matrix",
                     label=f"Download the country-pair matrix CSV ({len(table):,} rows)")

st.subheader("Exchanges and their reports")
exchange_list.draw(view, limit=50, key="network-exchanges")
widgets.download_all(view, "exchanges", key="network-download-exchanges")
