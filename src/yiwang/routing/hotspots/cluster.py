"""Grouping messages about one matter at one place.

1. Copies collapse: the same text posted at the same minute (the board's export repeats some
   messages under several user ids) is one message that keeps all its ids.
2. Each message becomes a TF-IDF vector of its words (``segment.tokens``; the subject counts
   twice, it names the matter) plus its place (``places.extract_place``: the district and the
   finest unit as tokens of their own, so "same matter, same place" scores above "same
   matter elsewhere").
3. Two messages are linked when their cosine similarity reaches ``threshold`` and their
   districts do not contradict each other; when both name a place and the places differ,
   the similarity counts only ``PLACE_MISMATCH`` of itself (same complaint, other compound:
   another hotspot).
4. Leader clustering on that graph: the message with most links founds a cluster and takes
   its unassigned neighbours, then the next ... — unlike connected components it does not
   chain A~B~C into one cluster when A and C have nothing in common.
5. Clusters whose centroids are alike (cosine ≥ ``merge_threshold``, same district) merge:
   one matter told in two vocabularies (搅拌站 / 搅拌厂) ends as one hotspot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from yiwang.routing.hotspots.places import Place, extract_place
from yiwang.routing.hotspots.rows import MessageRow
from yiwang.routing.segment import normalise, tokens

DEFAULT_THRESHOLD = 0.3
DEFAULT_MERGE_THRESHOLD = 0.4
PLACE_MISMATCH = 0.6
_CHUNK = 2000  # rows of the similarity matrix computed at once (memory stays small)
_TEXT_WINDOW = 600  # the words of a long message that describe its matter come first


@dataclass
class Message:
    """One message after copies collapsed: the rows it stands for, its words and place."""

    rows: list[MessageRow]
    words: list[str]
    place: Place

    @property
    def first(self) -> MessageRow:
        return self.rows[0]


def _copy_key(row: MessageRow) -> str:
    minute = row.time.strftime("%Y%m%d%H%M") if row.time else ""
    text = normalise(f"{row.subject} {row.text}").replace(" ", "")
    return hashlib.blake2b(f"{minute}|{text}".encode(), digest_size=12).hexdigest()


def collapse_copies(rows: Sequence[MessageRow]) -> list[list[MessageRow]]:
    groups: dict[str, list[MessageRow]] = {}
    for row in rows:
        groups.setdefault(_copy_key(row), []).append(row)
    return list(groups.values())


def prepare(rows: Sequence[MessageRow], *, known_places: Sequence[str] = ()) -> list[Message]:
    messages = []
    for group in collapse_copies(rows):
        row = group[0]
        place = extract_place(row.place or row.text, subject=row.subject, known=known_places)
        if row.place and not place.key:  # an address without a recognisable unit
            place = extract_place(row.text, subject=row.subject, known=known_places)
        subject_words = tokens(row.subject)
        words = subject_words * 2 + tokens(row.text[:_TEXT_WINDOW])
        if place.district or row.area:
            words.append(f"@district:{row.area or place.district}")
        if place.key:
            words.append(f"@place:{place.key}")
        messages.append(Message(group, words, place))
    return messages


def district_of(message: Message) -> str:
    return message.first.area or message.place.district


def _places_differ(a: str, b: str) -> bool:
    return bool(a and b) and a not in b and b not in a


def _identity(words: list[str]) -> list[str]:
    return words


def vectors(messages: Sequence[Message]) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """TF-IDF rows (L2-normalised) and which columns are place tokens, or None when no
    message has a word."""
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1, norm="l2")
    try:
        matrix = vectorizer.fit_transform([m.words for m in messages]).tocsr()
    except ValueError:  # no words at all (emoji-only messages): nothing is alike
        return None
    names = vectorizer.get_feature_names_out()
    return matrix, np.char.startswith(names.astype(str), "@")


def _compatible(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == "") | (b == "") | (a == b)


def similarity_graph(
    messages: Sequence[Message], matrix: sparse.csr_matrix | None, *, threshold: float
) -> sparse.csr_matrix:
    """Cosine similarities ≥ threshold between messages (no self links), as a sparse matrix."""
    n = len(messages)
    if n < 2 or matrix is None:
        return sparse.csr_matrix((n, n))
    districts = np.array([district_of(m) for m in messages], dtype=object)
    places = [m.place.key for m in messages]
    parts = []
    for start in range(0, n, _CHUNK):
        block = (matrix[start : start + _CHUNK] @ matrix.T).tocoo()
        keep = block.data >= threshold
        rows, cols, data = block.row[keep] + start, block.col[keep], block.data[keep]
        differ = np.fromiter(
            (_places_differ(places[r], places[c]) for r, c in zip(rows, cols, strict=True)),
            dtype=bool, count=len(rows),
        )  # fmt: skip
        data = np.where(differ, data * PLACE_MISMATCH, data)
        keep = data >= threshold
        rows, cols, data = rows[keep], cols[keep], data[keep]
        keep = rows != cols
        rows, cols, data = rows[keep], cols[keep], data[keep]
        keep = _compatible(districts[rows], districts[cols])
        parts.append((rows[keep], cols[keep], data[keep]))
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    data = np.concatenate([p[2] for p in parts])
    return sparse.csr_matrix((data, (rows, cols)), shape=(n, n))


def leader_clusters(
    graph: sparse.csr_matrix,
    districts: Sequence[str] | None = None,
    places: Sequence[str] | None = None,
) -> list[list[int]]:
    """Clusters as lists of message indexes, the founding (most linked) message first. A
    cluster that has a district (or place) takes no member from another one."""
    districts = districts or [""] * graph.shape[0]
    places = places or [""] * graph.shape[0]
    n = graph.shape[0]
    degree = np.diff(graph.indptr)
    weight = np.asarray(graph.sum(axis=1)).ravel()
    order = sorted(range(n), key=lambda i: (-degree[i], -weight[i], i))
    assigned = np.zeros(n, dtype=bool)
    clusters: list[list[int]] = []
    for leader in order:
        if assigned[leader]:
            continue
        assigned[leader] = True
        members = [leader]
        district, place = districts[leader], places[leader]
        start, end = graph.indptr[leader], graph.indptr[leader + 1]
        neighbours = graph.indices[start:end]
        strengths = graph.data[start:end]
        for j in neighbours[np.argsort(-strengths, kind="stable")]:
            if assigned[j] or (district and districts[j] and districts[j] != district):
                continue
            if _places_differ(place, places[j]):
                continue
            assigned[j] = True
            members.append(int(j))
            district, place = district or districts[j], place or places[j]
        clusters.append(members)
    return clusters


def _first(messages: Sequence[Message], members: list[int], attribute) -> str:
    return next((v for v in (attribute(messages[i]) for i in members) if v), "")


def merge_alike(
    clusters: list[list[int]], messages: Sequence[Message], matrix: sparse.csr_matrix | None,
    place_columns: np.ndarray | None = None, *, threshold: float,
) -> list[list[int]]:  # fmt: skip
    """Join clusters (of two or more messages) whose centroids are alike in their words —
    the place is a condition here (the same or unknown), not a similarity: two matters of
    one compound stay apart. The larger cluster keeps its leader first."""
    if matrix is None:
        return clusters
    if place_columns is not None and place_columns.any():
        matrix = matrix @ sparse.diags((~place_columns).astype(float))
    multi = [i for i, c in enumerate(clusters) if len(c) > 1]
    if len(multi) < 2:
        return clusters
    rows = [np.asarray(matrix[clusters[i]].mean(axis=0)).ravel() for i in multi]
    centroids = np.vstack(rows)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    centroids = centroids / np.where(norms == 0, 1, norms)
    similar = centroids @ centroids.T
    districts = np.array([_first(messages, clusters[i], district_of) for i in multi], dtype=object)
    places = [_first(messages, clusters[i], lambda m: m.place.key) for i in multi]
    parent = list(range(len(multi)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = np.argwhere(np.triu(similar, k=1) >= threshold)
    for a, b in sorted(pairs.tolist(), key=lambda p: -similar[p[0], p[1]]):
        if _compatible(districts[a : a + 1], districts[b : b + 1])[0] and not _places_differ(
            places[a], places[b]
        ):
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
    joined: dict[int, list[int]] = {}
    for position, index in enumerate(multi):
        joined.setdefault(root(position), []).append(index)
    merged_away = set()
    out_of: dict[int, list[int]] = {}
    for group in joined.values():
        group.sort(key=lambda i: -len(clusters[i]))
        head = group[0]
        out_of[head] = [m for i in group for m in clusters[i]]
        merged_away.update(group[1:])
    return [out_of.get(i, c) for i, c in enumerate(clusters) if i not in merged_away]


def cluster_messages(
    messages: Sequence[Message],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    merge_threshold: float = DEFAULT_MERGE_THRESHOLD,
) -> tuple[list[list[int]], sparse.csr_matrix]:
    vectorised = vectors(messages) if messages else None
    matrix, place_columns = vectorised if vectorised else (None, None)
    graph = similarity_graph(messages, matrix, threshold=threshold)
    clusters = leader_clusters(
        graph, [district_of(m) for m in messages], [m.place.key for m in messages]
    )
    merged = merge_alike(clusters, messages, matrix, place_columns, threshold=merge_threshold)
    return merged, graph
