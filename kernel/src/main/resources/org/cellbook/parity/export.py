# cellbook parity: export helper (injected; not in the notebook file).
# __cellbook_parity_export(item_id, value) writes value into __cellbook_parity_dir as
# ID.npy (numeric arrays, sparse matrices densified), ID.csv (DataFrames, non-range index kept as a
# column) or ID.json ({"kind": scalar|string|list|set|map, "value": ...}), the formats
# org.cellbook.parity.ExportFiles reads.
def __cellbook_parity_export(item_id, value, _dir=None):
    import json as _json
    import os as _os
    import numpy as _np
    folder = _dir or __cellbook_parity_dir
    _os.makedirs(folder, exist_ok=True)
    base = _os.path.join(folder, item_id)
    if callable(value) and getattr(value, "__name__", "") == "<lambda>":
        # The injected cell passes `lambda: (expr)`: an expression that fails is recorded for its
        # item (ID.error) and the notebook goes on, so one bad expression does not hide the rest.
        try:
            value = value()
        except Exception as e:
            with open(base + ".error", "w", encoding="utf-8") as f:
                f.write("%s: %s" % (type(e).__name__, e))
            return

    def _json_out(kind, v):
        with open(base + ".json", "w", encoding="utf-8") as f:
            _json.dump({"kind": kind, "value": v}, f)

    def _text(x):
        if isinstance(x, (float, _np.floating)) and float(x).is_integer():
            return str(int(x))
        return str(x)

    try:
        import pandas as _pd
    except ImportError:
        _pd = None
    try:
        import scipy.sparse as _sp
    except ImportError:
        _sp = None
    if _pd is not None and isinstance(value, _pd.DataFrame):
        df = value if isinstance(value.index, _pd.RangeIndex) else value.reset_index()
        df.to_csv(base + ".csv", index=False)
        return
    if _pd is not None and isinstance(value, (_pd.Series, _pd.Index, _pd.Categorical)):
        dtype = value.dtype
        if _pd.api.types.is_numeric_dtype(dtype) or _pd.api.types.is_bool_dtype(dtype):
            value = _np.asarray(value)
        else:
            _json_out("list", [_text(x) for x in value])
            return
    if _sp is not None and _sp.issparse(value):
        value = value.toarray()
    if isinstance(value, (set, frozenset)):
        _json_out("set", sorted(_text(x) for x in value))
        return
    if isinstance(value, dict):
        _json_out("map", {_text(k): (float(v) if isinstance(v, (int, float, _np.number, bool, _np.bool_)) else _text(v))
                          for k, v in value.items()})
        return
    if isinstance(value, str):
        _json_out("string", value)
        return
    if isinstance(value, (bool, int, float, _np.number, _np.bool_)):
        _json_out("scalar", float(value))
        return
    arr = _np.asarray(value)
    if arr.dtype.kind in "biuf":
        if arr.dtype.kind == "f" and arr.dtype.itemsize not in (4, 8):
            arr = arr.astype(_np.float64)
        if arr.dtype.kind == "b":
            arr = arr.astype(_np.int8)
        if arr.ndim == 0:
            _json_out("scalar", float(arr))
            return
        _np.save(base + ".npy", _np.ascontiguousarray(arr))
        return
    _json_out("list", [_text(x) for x in arr.ravel()])
