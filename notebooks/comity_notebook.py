"""Helpers shared by the study notebooks: run comity on a bundled study, load its results, format
numbers for prose, and draw the figures in one house style.

The notebooks read only comity's results (the document `comity study FILE --out DIR` writes as
results.json) and, where a figure needs an input the results do not carry (the IMF's votes), the
bundled model file. The study runs in-process through the `comity` Python package
(`pip install ./python`); the report's files are also written to target/notebooks/<study>/.

Prose in the notebooks quotes numbers through `pct`, `pp` and `num` below, so that a sentence can
never disagree with the table beside it: the numbers are formatted from the same variables.
"""
import json
import math
import os
import pathlib
import textwrap

import matplotlib as mpl
import pandas as pd
from IPython.display import Markdown

ROOT = pathlib.Path(__file__).resolve().parents[1]

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common forms of colour
# blindness. Black is left out so that it stays free for zero lines and text.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
# Hatches double the colour coding, so a figure printed in grey still reads.
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++"]

# A value whose magnitude is under this many percentage points counts as unchanged (the threshold
# of comity's headline verdicts).
UNCHANGED_PP = 0.05


def style():
    """Matplotlib settings for every notebook figure: readable type, no chart junk, the palette."""
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 300,
            "savefig.bbox": "tight",
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.grid": True,
            "axes.axisbelow": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
        }
    )


def model_file(relative):
    """A bundled model file (TOML) as a dict, e.g. model_file("institutions/imf.toml")."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser as a package (requirements.txt)
        import tomli as tomllib

    with open(ROOT / "models" / relative, "rb") as f:
        return tomllib.load(f)


def out_dir(study_id):
    return ROOT / "target" / "notebooks" / study_id


def run_study(study_id):
    """Runs models/studies/<study_id>.toml in-process (the `comity` package) and returns its
    results.json document as a dict; the report's files go to target/notebooks/<study_id>/.

    With COMITY_NOTEBOOK_REUSE=1 an existing results.json is read instead (for editing a notebook
    without waiting for a slow study; CI never sets it)."""
    import comity

    out = out_dir(study_id)
    if os.environ.get("COMITY_NOTEBOOK_REUSE") == "1" and (out / "results.json").exists():
        with open(out / "results.json", encoding="utf-8") as f:
            return json.load(f)
    # Loaded by its path relative to the repository, as `comity study` is run from there, so that
    # the stored notebook does not carry this machine's paths.
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = comity.Study.load(f"models/studies/{study_id}.toml").run()
    finally:
        os.chdir(here)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in result.files.items():
        (out / name).write_text(text, encoding="utf-8")
    for name, png in result.images.items():
        (out / name).write_bytes(png)
    return result.results


def group_frame(results):
    """One row per variant and group, with every group measure."""
    rows = []
    for r in results["results"]:
        for g in r["groups"]:
            rows.append({"variant": r["variant"], "efficacy": r["efficacy"], **g})
    return pd.DataFrame(rows)


def body_frame(results):
    """One row per variant with the body's measures."""
    keep = ["variant", "members", "efficacy", "gini_shapley_shubik", "gini_banzhaf", "chair"]
    return pd.DataFrame([{k: r[k] for k in keep} for r in results["results"]])


def variant_order(results):
    return [r["variant"] for r in results["results"]]


def labels(results, fallback=None):
    """Readable names for variants and groups: the study file's `label` where it has one, else the
    notebook's own `fallback` mapping, else the id with underscores as spaces."""
    fallback = dict(fallback or {})
    out = {}
    for entry in results.get("variants", []) + results.get("groups", []):
        name = entry["name"]
        out[name] = entry.get("label") or fallback.get(name) or name.replace("_", " ")
    for name, text in fallback.items():
        out.setdefault(name, text)
    return out


def wrap(text, width=18):
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


# ---------------------------------------------------------------------------------------------
# Numbers in prose.


def pct(x, digits=3):
    """A share in per cent with `digits` significant digits; a non-zero share never reads as 0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    value = 100 * x
    if value == 0:
        return "0%"
    if abs(value) < 0.01:
        return f"{value:.1e}%"
    return f"{_significant(value, digits)}%"


def pp(x, digits=3, signed=True):
    """A change of share in percentage points, signed (or its size, for prose that says "gain" or
    "lose" in words); a non-zero change never reads as 0."""
    value = 100 * x
    if value == 0:
        return "0 pp"
    sign = ("+" if value > 0 else "−") if signed else ""
    if abs(value) < 0.01:
        return f"{sign}{abs(value):.1e} pp"
    return f"{sign}{_significant(abs(value), digits)} pp"


def num(x, digits=3):
    """A plain number with at most `digits` significant digits (no trailing zeros), in scientific
    notation when tiny and with thousands separators when large."""
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) < 1e-3:
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        power = str(int(exponent)).replace("-", "−")
        return f"{mantissa} × 10<sup>{power}</sup>"
    if abs(x) >= 10**digits:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def verdict(change, plural=False):
    """gains / loses / is unchanged (gain / lose / are unchanged with `plural`), at the headline's
    threshold of UNCHANGED_PP percentage points."""
    if abs(100 * change) < UNCHANGED_PP:
        return "are unchanged" if plural else "is unchanged"
    if change > 0:
        return "gain" if plural else "gains"
    return "lose" if plural else "loses"


def _significant(value, digits):
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(value)))))
    text = f"{value:,.{decimals}f}"
    return text


def md(text):
    """A Markdown cell's worth of prose built from computed numbers."""
    return Markdown(textwrap.dedent(text).strip())


def percent_table(frame, digits=3):
    """A display copy of a frame of shares (or changes of share): per cent (or percentage points)
    to `digits` significant digits, scientific below 0.01, a non-zero value never shown as 0 and
    no minus zero. The data stay shares."""

    def cell(x):
        if x is None or pd.isna(x):
            return "–"
        value = 100 * float(x)
        if value == 0:
            return "0"
        sign = "−" if value < 0 else ""
        if abs(value) < 0.01:
            return f"{sign}{abs(value):.1e}"
        return sign + _significant(abs(value), digits)

    return frame.apply(lambda column: column.map(cell))


# ---------------------------------------------------------------------------------------------
# Figures.


def save(fig, study_id, name):
    """Writes the figure as PNG (300 dpi) and PDF under target/notebooks/<study>/figures/, ready
    for a paper, and returns the directory."""
    directory = out_dir(study_id) / "figures"
    directory.mkdir(parents=True, exist_ok=True)
    fig.savefig(directory / f"{name}.png")
    fig.savefig(directory / f"{name}.pdf")
    return directory


def grouped_bars(ax, table, names, *, value_label, percent=True, reference=None,
                 reference_label="share of members"):
    """Horizontal grouped bars: one block per row of `table` (variants, top to bottom), one bar per
    column (groups, top to bottom in each block). `names` maps ids to labels. Horizontal bars keep
    long variant names readable without rotation. `reference` (same shape) draws a tick at each
    bar, e.g. the group's share of members."""
    rows, columns = list(table.index), list(table.columns)
    height = 0.8 / len(columns)
    scale = 100 if percent else 1
    for j, column in enumerate(columns):
        ys = [-(i + (j - (len(columns) - 1) / 2) * height) for i in range(len(rows))]
        ax.barh(
            ys,
            scale * table[column].to_numpy(dtype=float),
            height=height * 0.95,
            color=PALETTE[j % len(PALETTE)],
            hatch=HATCHES[j % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
            label=names.get(column, column),
        )
        if reference is not None:
            ax.scatter(
                scale * reference[column].to_numpy(dtype=float),
                ys,
                marker="|",
                s=120,
                color="black",
                linewidths=1.2,
                zorder=3,
                label=reference_label if j == 0 else None,
            )
    ax.set_yticks([-i for i in range(len(rows))], [wrap(names.get(r, r), 24) for r in rows])
    ax.set_ylim(-(len(rows) - 1) - 0.55, 0.55)
    ax.set_xlabel(value_label)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(left=0)


def change_bars(ax, change, names, *, value_label="change against the baseline (percentage points)"):
    """Horizontal grouped bars of changes in percentage points with a zero line; `change` holds
    changes of share (fractions), one row per variant, one column per group."""
    grouped_bars(ax, change, names, value_label=value_label, percent=True)
    ax.set_xlim(auto=True)
    low, high = 100 * change.min().min(), 100 * change.max().max()
    pad = 0.08 * max(high - low, 1e-9)
    ax.set_xlim(min(low, 0) - pad, max(high, 0) + pad)
    ax.axvline(0, color="black", linewidth=0.9)


def legend_below(fig, ax, ncol=4):
    """The legend under the axes, outside the data area."""
    handles, texts = ax.get_legend_handles_labels()
    fig.legend(handles, texts, loc="lower center", ncol=ncol, bbox_to_anchor=(0.5, -0.02))


def label_points(ax, xs, ys, texts, *, min_gap=13, dx=8, fontsize=8.5):
    """Labels scatter points without overlap. Two labels conflict when their boxes (right of their
    points, `min_gap` screen points tall, width estimated from the text) would overlap; points
    linked by conflicts form a cluster, whose labels stand in one column right of its rightmost
    point, spaced evenly and centred on the points, each with a leader line. A lone point's label
    sits just right of it. Call after the axes limits are final."""
    fig = ax.figure
    fig.canvas.draw()
    scale = fig.dpi / 72
    gap, shift = min_gap * scale, dx * scale
    points = [tuple(ax.transData.transform((x, y))) for x, y in zip(xs, ys)]
    widths = [0.6 * fontsize * scale * len(t) for t in texts]
    parent = list(range(len(points)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            (xi, yi), (xj, yj) = points[i], points[j]
            overlap_x = xi <= xj + widths[j] + shift and xj <= xi + widths[i] + shift
            if overlap_x and abs(yi - yj) < gap:
                parent[root(i)] = root(j)
    components = {}
    for i in range(len(points)):
        components.setdefault(root(i), []).append(i)

    def column(cluster):
        centre = sum(points[i][1] for i in cluster) / len(cluster)
        start = centre - gap * (len(cluster) - 1) / 2
        return start, start + gap * (len(cluster) - 1)

    to_data = ax.transData.inverted().transform
    for component in components.values():
        # Within a component, runs in vertical order, merged until their columns are apart.
        clusters = [[i] for i in sorted(component, key=lambda i: points[i][1])]
        merged = True
        while merged:
            merged = False
            for k in range(len(clusters) - 1):
                if column(clusters[k + 1])[0] - column(clusters[k])[1] < gap:
                    clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                    merged = True
                    break
        for cluster in clusters:
            start, _ = column(cluster)
            x_column = max(points[i][0] for i in cluster) + shift
            for k, i in enumerate(cluster):
                x_text, y_text = to_data((x_column, start + k * gap))
                ax.annotate(
                    texts[i],
                    xy=(xs[i], ys[i]),
                    xytext=(x_text, y_text),
                    textcoords="data",
                    fontsize=fontsize,
                    va="center",
                    ha="left",
                    arrowprops=None
                    if len(cluster) == 1
                    else dict(arrowstyle="-", color="#666666", linewidth=0.6, shrinkA=1, shrinkB=3),
                )
