#!/usr/bin/env python3
"""Writes the hostile-input suite's input files into tests/hostile/inputs/.

The files are committed; this script documents how each was made and remakes them
(python3 tests/hostile/make_inputs.py). Each is a small, deliberately awkward input:
a game written in another unit, a file with a duplicate key, a sweep that would explode.
"""
import json
import os
import random

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs")
os.makedirs(HERE, exist_ok=True)


def write(name, text, bom=False):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        if bom:
            f.write("\ufeff")
        f.write(text)


def scaled(matrix, k):
    # Written as decimal literals of the scaled value, as a user would type them.
    return [[float(f"{x}e{k}") for x in row] for row in matrix]


PD_ROW, PD_COL = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
BOS_ROW, BOS_COL = [[2, 0], [0, 1]], [[1, 0], [0, 2]]
MP_ROW = [[1, -1], [-1, 1]]

# Bimatrix games at every scale 10^k, k = -12..12 (and the extremes the issue names).
for k in list(range(-12, 13, 3)) + [-15, 15]:
    write(f"pd_e{k}.json", json.dumps({"row": scaled(PD_ROW, k), "col": scaled(PD_COL, k)}))
    write(f"bos_e{k}.json", json.dumps({"row": scaled(BOS_ROW, k), "col": scaled(BOS_COL, k)}))
    write(f"mp_e{k}.json", json.dumps({"row": scaled(MP_ROW, k), "col": scaled([[-x for x in r] for r in MP_ROW], k)}))
write("pd.json", json.dumps({"row": PD_ROW, "col": PD_COL}))
write("pd_bom.json", json.dumps({"row": PD_ROW, "col": PD_COL}), bom=True)
write("nash_duplicate_key.json", '{"row": [[3,0],[5,1]], "col": [[3,5],[0,1]], "row": [[0,0],[0,0]]}')
write("nash_unknown_field.json", '{"row": [[3,0],[5,1]], "col": [[3,5],[0,1]], "colum": [[1]]}')
write("nash_both_layouts.json", json.dumps({"row": PD_ROW, "col": PD_COL, "actions": [2, 2], "payoffs": [[3, 0, 5, 1], [3, 5, 0, 1]]}))
write("nash_ragged.json", '{"row": [[3,0],[5]], "col": [[3,5],[0,1]]}')
write("nash_shape_mismatch.json", '{"row": [[3,0],[5,1]], "col": [[3,5,1],[0,1,1]]}')
write("nash_empty.json", '{"row": [], "col": []}')
write("nash_string_payoff.json", '{"row": [["a",0],[5,1]], "col": [[3,5],[0,1]]}')
write("nash_overflow.json", '{"row": [[1e309,0],[5,1]], "col": [[3,5],[0,1]]}')
write("nash_huge_payoffs.json", json.dumps({"row": [[1e308, 0], [1.5e308, 1e307]], "col": [[1e308, 1.5e308], [0, 1e307]]}))
write("nash_actions_huge.json", '{"actions": [1000000, 1000000, 1000000], "payoffs": [[0], [0], [0]]}')
write("nash_actions_zero.json", '{"actions": [0, 2], "payoffs": [[], []]}')
write("nash_payoffs_short.json", '{"actions": [2, 2], "payoffs": [[1, 2, 3], [1, 2, 3, 4]]}')
write("nash_three_player.json", json.dumps({"actions": [2, 2, 2], "payoffs": [[1] * 8, [1] * 8, [1] * 8]}))
write("nash_deep.json", "[" * 100000 + "]" * 100000)
write("not_json.json", "this is not JSON\n")
write("empty.json", "")
random.seed(14)
big = 30
write("nash_random30.json", json.dumps({
    "row": [[random.randint(0, 99) for _ in range(big)] for _ in range(big)],
    "col": [[random.randint(0, 99) for _ in range(big)] for _ in range(big)],
}))

# TU games: the glove game (one left glove A, two right gloves B and C); nucleolus (1, 0, 0).
GLOVE = [0, 0, 0, 1, 0, 1, 0, 1]
for k in [-300, -12, 0, 12, 300]:
    write(f"tu_glove_e{k}.json", json.dumps({"players": ["A", "B", "C"], "values": [float(f"{v}e{k}") for v in GLOVE]}))
write("tu_glove_bom.json", json.dumps({"players": ["A", "B", "C"], "values": GLOVE}), bom=True)
write("tu_duplicate_key.json", '{"players": ["A","B","C"], "values": [0,0,0,1,0,1,0,1], "values": [0,0,0,0,0,0,0,0]}')
write("tu_unknown_field.json", '{"players": ["A","B","C"], "values": [0,0,0,1,0,1,0,1], "weights": [1]}')
write("tu_short_values.json", '{"players": ["A","B","C"], "values": [0,0,0,1]}')
write("tu_duplicate_players.json", '{"players": ["A","A"], "values": [0,0,0,1]}')
write("tu_string_value.json", '{"players": ["A","B"], "values": [0,0,"x",1]}')
write("tu_no_players.json", '{"players": [], "values": [0]}')
write("tu_22_players.json", json.dumps({"players": [f"P{i}" for i in range(22)], "values": [0]}))
write("tu_30_players.json", json.dumps({"players": [f"P{i}" for i in range(30)], "values": [0]}))

# Institution files.
HEAD = '''[institution]
id = "h"
name = "Hostile fixture"
source = "tests/hostile/make_inputs.py"
date = "2026-11-29"

[columns.votes]
source = "tests/hostile/make_inputs.py"
date = "2026"
unit = "votes"
'''
def members(weights):
    return "".join(f'\n[[members]]\nid = "M{i}"\nname = "M{i}"\nattributes = {{ votes = {w} }}\n' for i, w in enumerate(weights))
def rule(body, name="weighted"):
    return f'\n[[rules]]\nname = "{name}"\nsource = "fixture"\nrule = {body}\n'
RULE = rule('{ weighted = { attribute = "votes", share = 0.5 } }')
write("inst_ok.toml", HEAD + members([3, 2, 1]) + RULE)
write("inst_ok_bom.toml", HEAD + members([3, 2, 1]) + RULE, bom=True)
write("inst_weight_1e16.toml", HEAD + members([10000000000000000, 1, 1]) + RULE)
write("inst_weight_negative.toml", HEAD + members([3, -2, 1]) + RULE)
write("inst_unknown_field.toml", HEAD.replace('date = "2026-11-29"', 'date = "2026-11-29"\nsorce = "typo"') + members([3, 2, 1]) + RULE)
write("inst_duplicate_key.toml", HEAD.replace('date = "2026-11-29"', 'date = "2026-11-29"\ndate = "2026-11-30"') + members([3, 2, 1]) + RULE)
write("inst_duplicate_member.toml", HEAD + members([3, 2]) + '\n[[members]]\nid = "M0"\nname = "again"\nattributes = { votes = 1 }\n' + RULE)
write("inst_300_members.toml", HEAD + members([1] * 300) + RULE)
write("inst_no_members.toml", HEAD + RULE)
write("inst_quota_above_total.toml", HEAD + members([3, 2, 1]) + rule('{ weighted = { attribute = "votes", at_least = 7 } }'))
write("inst_unknown_rule_member.toml", HEAD + members([3, 2, 1]) + rule('{ veto = { ids = ["ZZZ"] } }', "veto"))
write("inst_deep.toml", HEAD + members([3, 2, 1]) + rule("{ all = [" * 200 + '"unanimity"' + "] }" * 200, "deep"))
inst = {
    "institution": {"id": "h", "name": "Hostile fixture", "source": "tests/hostile/make_inputs.py", "date": "2026-11-29"},
    "columns": {"votes": {"source": "tests/hostile/make_inputs.py", "date": "2026", "unit": "votes"}},
    "members": [{"id": f"M{i}", "name": f"M{i}", "attributes": {"votes": w}} for i, w in enumerate([3, 2, 1])],
    "rules": [{"name": "weighted", "source": "fixture", "rule": {"weighted": {"attribute": "votes", "share": 0.5}}}],
}
write("inst_ok.json", json.dumps(inst))
write("inst_ok_bom.json", json.dumps(inst), bom=True)
write("inst_duplicate_key.json", json.dumps(inst)[:-1] + ', "rules": []}')
write("inst_duplicate_attribute.json", json.dumps(inst).replace('"votes": 3}', '"votes": 3, "votes": 300}'))
write("inst_binary.toml", "\x00\x01\x02 not text")

# Study files: a Security Council study with one awkward part each.
def study(study_id, variants="", sweeps=""):
    return f'''[study]
id = "{study_id}"
title = "Hostile study"
question = "Test fixture"
source = "models/institutions/unsc.toml"
date = "2026-11-29"
baseline = "today"
measures = ["shapley_shubik"]

[institutions]
unsc = "../../../models/institutions/unsc.toml"

[[groups]]
name = "elected"
tag = "elected"

[[variants]]
name = "today"
institution = "unsc"
rule = "substantive"
{variants}{sweeps}'''
SWEEP = '''
[[sweeps]]
name = "grid"
[sweeps.template]
institution = "unsc"
rule = {{ all = [ {{ veto = {{ tag = "P5" }} }}, {{ count = {{ share = "$share" }} }} ] }}
[sweeps.axes]
share = {axis}
'''
write("study_tiny_step.toml", study("tiny_step", sweeps=SWEEP.format(axis="{ from = 0.5, to = 0.9, step = 1e-9 }")))
write("study_huge_axis.toml", study("huge_axis", sweeps='''
[[sweeps]]
name = "grid"
[sweeps.template]
institution = "unsc"
add_seats = [ { count = "$seats", id = "NE", name = "New elected seat", tags = ["elected"] } ]
rule = "substantive"
[sweeps.axes]
seats = { from = 0, to = 9223372036854775807 }
'''))
write("study_add_seats_huge.toml", study("add_seats_huge", variants='''
[[variants]]
name = "huge"
institution = "unsc"
rule = "substantive"
add_seats = [ { count = 9223372036854775807, id = "NE", name = "New elected seat", tags = ["elected"] } ]
'''))
write("study_same_id_a.toml", study("same_id"))
write("study_same_id_b.toml", study("same_id"))

# Draft models: sources, dates and columns may be omitted only with draft = true.
DRAFT = '[institution]\nid = "sketch"\nname = "Sketch"\ndraft = true\n' + members([3, 2, 1]) + RULE
write("inst_draft.toml", DRAFT)
write("inst_draft_flag_not_bool.toml", DRAFT.replace("draft = true", 'draft = "yes"'))
write("inst_no_source.toml", DRAFT.replace("draft = true\n", ""))
# Thresholds of a group ("k of a group"): an unknown group and a quota above the group's size.
GROUPS = '\n[[groups]]\nname = "big"\nids = ["M0", "M1"]\n'
write("inst_of_unknown_group.toml", HEAD + members([3, 2, 1]) + GROUPS + rule('{ count = { at_least = 1, of = { group = "huge" } } }', "of"))
write("inst_of_quota_above_group.toml", HEAD + members([3, 2, 1]) + GROUPS + rule('{ count = { at_least = 3, of = { group = "big" } } }', "of"))
write("inst_of_group.toml", HEAD + members([3, 2, 1]) + GROUPS + rule('{ count = { at_least = 2, of = { group = "big" } } }', "of"))
