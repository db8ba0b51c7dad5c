"""The config copies both notebooks read: the notebook's config.yaml, an optional grid overlay, the cohort's
paths and, for the 'changed' run, one model parameter changed.

A grid overlay (--grid FILE, e.g. reference-grid.yaml) is YAML merged over config.yaml: mappings merge key
by key, anything else (lists such as `models` or `feature_sets`) replaces the value. Its optional `e2e`
section is not config: `e2e.change` is the default of --change for runs with that overlay.
"""
import copy
import hashlib
from pathlib import Path

import yaml


def merge(base, overlay, path=""):
    """overlay over base: mappings key by key, other values replaced. Unknown sections are an error."""
    out = dict(base)
    for k, v in overlay.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            out[k] = merge(base[k], v, f"{path}{k}.")
        elif path == "" and k not in base:
            raise SystemExit(f"grid overlay: unknown top-level key '{k}'; config.yaml has {sorted(base)}")
        else:
            out[k] = v
    return out


class Grid:
    """The overlay file (or none): its config part, its e2e defaults and what the result records."""

    def __init__(self, path=None):
        self.path = Path(path).resolve() if path else None
        self.overlay, self.defaults = {}, {}
        if self.path:
            if not self.path.is_file():
                raise SystemExit(f"--grid: no file at {self.path}")
            doc = yaml.safe_load(self.path.read_text()) or {}
            if not isinstance(doc, dict):
                raise SystemExit(f"--grid {self.path}: expected a YAML mapping of config sections")
            self.defaults = doc.pop("e2e", None) or {}
            self.overlay = doc

    def apply(self, cfg):
        return merge(cfg, self.overlay) if self.overlay else cfg

    def record(self, root):
        if not self.path:
            return {"file": None, "note": "the notebook's config.yaml as is (full model grid)"}
        text = self.path.read_bytes()
        shown = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return {"file": str(shown), "sha256": hashlib.sha256(text).hexdigest(), "overlay": self.overlay}


def parse_change(text):
    """'MODEL.KEY=YAML_LIST' -> (model, key, values)."""
    target, sep, values = text.partition("=")
    model, dot, key = target.partition(".")
    if not sep or not dot:
        raise SystemExit(f"--change '{text}': expected MODEL.KEY=YAML_LIST, e.g. random_forest.n_estimators=[60, 100]")
    return model, key, yaml.safe_load(values)


def apply_change(cfg, change):
    """A copy of cfg with one model parameter changed; an error when the model is missing or nothing changes."""
    model, key, values = change
    cfg = copy.deepcopy(cfg)
    spec = next((m for m in cfg["models"] if m["name"] == model), None)
    if spec is None:
        raise SystemExit(f"--change: no model '{model}' in the config; models: {[m['name'] for m in cfg['models']]}")
    if spec.get("space", {}).get(key) == values:
        raise SystemExit(f"--change: {model}.{key} is already {values}; the changed run would repeat the warm run")
    spec.setdefault("space", {})[key] = values
    return cfg


def effective(config_yaml, grid):
    """The notebook's config with the grid overlay: what both notebooks run (before the cohort paths)."""
    return grid.apply(yaml.safe_load(Path(config_yaml).read_text()))


def write_config(path, cfg, data, results, change=None):
    """A copy of cfg pointed at the cohort and results folder; `change` edits one model parameter."""
    cfg = apply_change(cfg, change) if change else copy.deepcopy(cfg)
    cfg["data"]["sample_sheet"] = str(data / "samples.csv")
    cfg["data"]["results_dir"] = str(results)
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path
