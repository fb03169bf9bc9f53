"""The line classifier at run time: two stages of gradient-boosted trees evaluated with numpy.

Stage one scores each line from its own features and its neighbourhood's; stage two sees stage
one's scores around the line (is it inside a run of article text?). The trees and the decision
threshold were fitted by ``bench/train_lines.py`` on the extraction dev set (the threshold chosen by
cross-validation, on pages the trees never saw) and are stored as plain arrays, so running them
needs no machine-learning library.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from parallax.ingest.text.features import context_features

MODEL_FILE = Path(__file__).with_name("line_model.npz")


class Forest:
    """Additive trees: raw score = baseline + sum of leaf values; probability = sigmoid(raw)."""

    def __init__(self, arrays: dict[str, np.ndarray], prefix: str) -> None:
        self.feature = arrays[f"{prefix}_feature"]
        self.threshold = arrays[f"{prefix}_threshold"]
        self.left = arrays[f"{prefix}_left"]
        self.right = arrays[f"{prefix}_right"]
        self.leaf = arrays[f"{prefix}_leaf"].astype(bool)
        self.value = arrays[f"{prefix}_value"]
        self.roots = arrays[f"{prefix}_roots"]
        self.baseline = float(arrays[f"{prefix}_baseline"])

    def predict(self, x: np.ndarray) -> np.ndarray:
        """All trees at once: every (sample, tree) pair walks one level per step."""
        n = x.shape[0]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        active = ~self.leaf[node]
        while active.any():
            r, t = np.nonzero(active)
            cur = node[r, t]
            go_left = x[r, self.feature[cur]] <= self.threshold[cur]
            node[r, t] = np.where(go_left, self.left[cur], self.right[cur])
            active = ~self.leaf[node]
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(raw, -500, 500)))


class LineModel:
    """Both stages and the probability above which a line is kept."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.first = Forest(arrays, "stage1")
        self.second = Forest(arrays, "stage2")
        self.threshold = float(arrays["keep_threshold"])

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(line is article text) for each row of a document's feature matrix."""
        if features.shape[0] == 0:
            return np.zeros(0)
        p = self.first.predict(features)
        return self.second.predict(context_features(features, p))


@cache
def shipped_model() -> LineModel:
    """The model file shipped with the package (read once)."""
    return LineModel(dict(np.load(MODEL_FILE)))
