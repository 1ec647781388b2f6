#!/usr/bin/env python3
"""Solves the Chinese postman problem on the graph bench-routing wrote, with networkx's exact
minimum-weight matching, and prints its time next to Schouw's as a ratio.

    swift run -c release bench-routing ../shared/data/karhula.osm /tmp/schouw-bench-routing.tsv
    python3 scripts/bench_routing.py /tmp/schouw-bench-routing.tsv

scripts/bench_routing.sh runs both.
"""
import statistics
import sys
import time

try:
    import networkx as nx
except ImportError:
    sys.exit("networkx is missing: pip install networkx")


def load(path):
    graph = nx.MultiGraph()
    header = None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                header = line.split()
                continue
            u, v, length, required = line.split("\t")
            graph.add_edge(int(u), int(v), weight=float(length), required=required.strip() == "1")
    walk = float(header[header.index("walk_m") + 1])
    seconds = float(header[header.index("seconds") + 1])
    return graph, walk, seconds


def postman_length(graph):
    required = nx.MultiGraph()
    required.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d["required"])
    odd = [v for v, degree in required.degree() if degree % 2 == 1]
    simple = nx.Graph()
    for u, v, d in graph.edges(data=True):
        if not simple.has_edge(u, v) or simple[u][v]["weight"] > d["weight"]:
            simple.add_edge(u, v, weight=d["weight"])
    distances = {s: nx.single_source_dijkstra_path_length(simple, s, weight="weight") for s in odd}
    complete = nx.Graph()
    for i, a in enumerate(odd):
        for b in odd[i + 1:]:
            complete.add_edge(a, b, weight=distances[a][b])
    matching = nx.min_weight_matching(complete, weight="weight")
    extra = sum(distances[a][b] for a, b in matching)
    return sum(d["weight"] for _, _, d in required.edges(data=True)) + extra, len(odd)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/schouw-bench-routing.tsv"
    graph, schouw_walk, ours = load(path)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        length, odd = postman_length(graph)
        times.append(time.perf_counter() - start)
    theirs = statistics.median(times)
    difference = abs(length - schouw_walk) / length * 100
    print(f"networkx {nx.__version__}: {odd} odd vertices, postman length {length:.3f} m, median {theirs:.3f} s over 3 runs")
    print(f"Schouw walk {schouw_walk:.3f} m: difference {difference:.5f} %")
    print(f"Schouw {ours:.4f} s vs networkx {theirs:.3f} s: Schouw takes {ours / theirs:.4f} of networkx's time "
          f"({theirs / ours:.0f}x faster)")


if __name__ == "__main__":
    main()
