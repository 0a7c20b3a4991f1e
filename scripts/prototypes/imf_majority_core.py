#!/usr/bin/env python3
"""Prototype (issue 16, item 1): Baron-Ferejohn on the IMF Board at a simple majority by a
knapsack *core*, the route the Rust threshold method has not yet taken.

Not part of the library. Pure Python (standard library only): about 70 s of CPU with equal
recognition and 210 s with Tuvalu in the chair (more ties, more active-set rounds).

1. The threshold method's fractional equilibrium (baron_ferejohn_threshold.rs, step 1): one
   band rate per vote. At a simple majority: 171 members above the band (every proposer leaves
   them out), the 19 largest in the band, none below.
2. The core (Balas & Zemel 1980; Pisinger 1997): at the fractional prices every proposer's best
   band subset falls 0 to 46 votes short of its room, a value gap of at most 3.4e-6, while the
   cheapest member above the band costs 4.4e-4 more than the rate (Turkey): the 171 are fixed
   out and the 19 band members are the core, enumerated exactly (2^19 subsets).
3. A logit homotopy on the 19 core prices (the others follow from their costs), temperature
   1e-5 down to 2.4e-8, Newton with the analytic Jacobian; then the supports are fixed and the
   ties and value equations solved exactly (minimum-norm Newton), sets with negative weight
   dropped until every probability is positive.
4. Verification over all 190 members, independent of the solve: each chosen left-out set is
   the best of all core subsets within the proposer's room (exact enumeration), no left-out
   set that keeps an outsider in can beat it (reduced-cost fixing: for a rate rho, any such set
   is worth at most rho room + sum_core (x_j - rho w_j)^+ - min_outsider (x_i - rho w_i), the
   Lagrangian bound less the cheapest outsider's reduced cost), probabilities are positive and
   sum to one, and every member's value solves its equation (recomputed from the mixtures).

Usage: python3 scripts/prototypes/imf_majority_core.py [CHAIR_ID]
       (equal recognition, or CHAIR_ID recognised 0.1 and the others equally; delta 0.95)
"""
# ---- step 1: the threshold method's fractional equilibrium (as in the Rust module) ----
import tomllib, bisect, sys, math, os
m = tomllib.load(open(os.path.join(os.path.dirname(__file__), '../../models/institutions/imf.toml'),'rb'))
ids = [x['id'] for x in m['members']]
w = [int(x['attributes']['votes']) for x in m['members']]
m_pop = [x['attributes']['population'] for x in m['members']]
n = len(w); total = sum(w)
share = 0.5
chair = sys.argv[1] if len(sys.argv) > 1 else None
delta = 0.95
# more_than_share 0.5: quota = floor(total*0.5)+1
quota = math.floor(total*share)+1 if share == 0.5 else math.ceil(total*share)
M = total - quota
if chair:
    p = [0.9/(n-1)]*n; p[ids.index(chair)] = 0.1
else:
    p = [1.0/n]*n
veto = [wi > M for wi in w]

def frac_costs(x):
    tot = sum(x)
    order = sorted([j for j in range(n) if not veto[j]], key=lambda j: -x[j]/w[j])
    out = []
    for k in range(n):
        room = M; o = 0.0
        for j in order:
            if j == k or x[j] <= 0: continue
            if w[j] <= room: room -= w[j]; o += x[j]
            else: o += x[j]*room/w[j]; break
        out.append(tot - x[k] - o)
    return out

def respond(c):
    d = delta
    a = [d*p[i]*(1-c[i]) for i in range(n)]
    b = [p[i]*(1-c[i])/(1/d-1+p[i]) for i in range(n)]
    free = [j for j in range(n) if not veto[j]]
    def demand(r):
        s = 0.0
        for j in free:
            q = min(max(1/d - a[j]/(d*r*w[j]), 0.0), 1-p[j])
            s += w[j]*(1-p[j]-q)
        return s
    lowest = min(a[j]/w[j] for j in free)
    if demand(lowest) <= M: r = 0.5*lowest
    else:
        lo, hi = lowest, max(b[j]/w[j] for j in free)
        for _ in range(200):
            mid = 0.5*(lo+hi)
            if demand(mid) > M: lo = mid
            else: hi = mid
            if hi-lo <= 1e-16*hi: break
        r = 0.5*(lo+hi)
    x = [b[i] if veto[i] else min(max(r*w[i], a[i]), b[i]) for i in range(n)]
    return x, r

c = [0.0]*n
for it in range(3000):
    x, r = respond(c)
    nxt = [min(max(v,0.0),1.0) for v in frac_costs(x)]
    ch = max(abs(u-v) for u,v in zip(nxt,c))
    c = [0.5*(u+v) for u,v in zip(nxt,c)]
    if ch < 1e-13: break
x, r = respond(c)
print('iterations', it, 'change', ch, 'rate', r, 'M', M)
side = []
for j in range(n):
    if veto[j]: side.append('B'); continue
    ratio = x[j]/w[j]
    side.append('A' if ratio > r*(1+1e-6) else ('B' if ratio < r*(1-1e-6) else 'N'))
band = [j for j in range(n) if side[j]=='N']
print('above', side.count('A'), 'band', len(band), 'below', side.count('B'))

# ---- the integer gap at the fractional prices ----
import bisect
band = [j for j in range(n) if side[j]=='N']
above = [j for j in range(n) if side[j]=='A']
A = sum(w[j] for j in above)
print('band', [(ids[j], w[j]) for j in band])
print('band weight', sum(w[j] for j in band), 'above weight', A, 'M', M)
# all subset sums of band (weights), excluding a given member handled per proposer class
def sums(members):
    s = {0}
    for j in members:
        s |= {t + w[j] for t in s}
    return sorted(s)
allsums = sums(band)
print('distinct band subset sums', len(allsums))
red = sorted((x[j]-r*w[j], j) for j in above)
print('smallest reduced costs above:', [(ids[j], round(d,6), w[j]) for d,j in red[:8]])
gaps = []
for k in range(n):
    room = M - (A - (w[k] if side[k]=='A' else 0))
    if side[k]=='N':
        ss = sums([j for j in band if j!=k])
    else:
        ss = allsums
    i = bisect.bisect_right(ss, room) - 1
    slack = room - ss[i]
    g = r*slack
    core = sum(1 for d,j in red if d <= g and j != k)
    gaps.append((g, slack, room, core, ids[k]))
gaps.sort()
print('proposers with zero slack', sum(1 for g in gaps if g[1]==0))
for q in [0, len(gaps)//4, len(gaps)//2, 3*len(gaps)//4, len(gaps)-1]:
    print('gap quantile', q, gaps[q])
print('max core size (above members whose reduced cost <= gap):', max(g[3] for g in gaps))

# ---- the core homotopy ----
# Prototype: Baron-Ferejohn on the IMF at a simple majority with the outsiders fixed out and
# the 19-member band as an exactly enumerated core; logit homotopy on the band prices.
import time
x0 = x
B = [j for j in range(n) if side[j]=='N']; m = len(B)
O = [j for j in range(n) if side[j]=='A']
assert all(side[j] in 'AN' for j in range(n))
A = sum(w[j] for j in O)
room = [M - A + (w[k] if side[k]=='A' else 0) for k in range(n)]
wb = [w[j] for j in B]
W = [0]*(1<<m)
for T in range(1, 1<<m):
    low = T & -T; b = low.bit_length()-1
    W[T] = W[T ^ low] + wb[b]
lo_room, hi_room = min(room), max(room)
WINDOW = 20000
cand = [T for T in range(1<<m) if lo_room - WINDOW <= W[T] <= hi_room]
cand.sort(key=lambda T: W[T])
cw = [W[T] for T in cand]
bits = [[b for b in range(m) if T>>b & 1] for T in cand]
print('band', m, 'candidates', len(cand), 'rooms', lo_room, hi_room)
pos = {j:i for i,j in enumerate(B)}
# each proposer's feasible candidates: prefix by weight, minus those holding itself
feas = []
for k in range(n):
    end = bisect.bisect_right(cw, room[k])
    if k in pos:
        b = pos[k]
        feas.append([i for i in range(end) if not (cand[i]>>b & 1)])
    else:
        feas.append(list(range(end)))
CUT = 40.0
def evaluate(xb, tau, jac):
    X = [sum(xb[b] for b in bs) for bs in bits]
    tot = sum(xb)
    Q = [0.0]*m; c = [0.0]*n
    J = [[0.0]*m for _ in range(m)] if jac else None   # dQ_j/dx_l
    dc = [[0.0]*m for _ in range(m)] if jac else None  # dc_k/dx_l for band proposers
    support = []
    for k in range(n):
        best = max(X[i] for i in feas[k])
        act = [i for i in feas[k] if X[i] >= best - CUT*tau]
        ws = [math.exp((X[i]-best)/tau) for i in act]
        z = sum(ws)
        pr = [v/z for v in ws]
        support.append((act, pr))
        mean = [0.0]*m; EX = 0.0
        for i, q in zip(act, pr):
            EX += q*X[i]
            for b in bits[i]: mean[b] += q
        own = xb[pos[k]] if k in pos else 0.0
        c[k] = tot - own - EX
        for j in range(m):
            if B[j] != k: Q[j] += p[k]*(1-mean[j])
        if jac:
            # second moments
            S = [[0.0]*m for _ in range(m)]
            CX = [0.0]*m  # Cov(X, 1_l)
            for i, q in zip(act, pr):
                bs = bits[i]
                for a in bs:
                    CX[a] += q*X[i]
                    row = S[a]
                    for b in bs: row[b] += q
            for a in range(m): CX[a] -= mean[a]*EX
            for a in range(m):
                if B[a] == k: continue
                for l in range(m):
                    J[a][l] -= p[k]*(S[a][l]-mean[a]*mean[l])/tau
            if k in pos:
                kk = pos[k]
                for l in range(m):
                    dc[kk][l] = (1.0 if l != kk else 0.0) - mean[l] - CX[l]/tau
    F = [xb[j]*(1-delta*Q[j]) - delta*p[B[j]]*(1-c[B[j]]) for j in range(m)]
    if not jac: return F, Q, c, support
    JF = [[0.0]*m for _ in range(m)]
    for j in range(m):
        for l in range(m):
            JF[j][l] = -xb[j]*delta*J[j][l] + delta*p[B[j]]*dc[j][l]
        JF[j][j] += 1-delta*Q[j]
    return F, Q, c, support, JF
def lsolve(Amat, bvec):
    k = len(bvec); M2 = [row[:] + [bvec[i]] for i,row in enumerate(Amat)]
    for col in range(k):
        piv = max(range(col,k), key=lambda r_: abs(M2[r_][col]))
        M2[col], M2[piv] = M2[piv], M2[col]
        if abs(M2[col][col]) < 1e-300: return None
        for r_ in range(col+1,k):
            fct = M2[r_][col]/M2[col][col]
            if fct:
                for cc in range(col,k+1): M2[r_][cc] -= fct*M2[col][cc]
    xs = [0.0]*k
    for r_ in range(k-1,-1,-1):
        xs[r_] = (M2[r_][k]-sum(M2[r_][cc]*xs[cc] for cc in range(r_+1,k)))/M2[r_][r_]
    return xs
def newton(xb, tau):
    for it in range(100):
        F, Q, c, sup, JF = evaluate(xb, tau, True)
        nf = sum(v*v for v in F)**0.5
        if max(abs(v) for v in F) < 1e-14: return xb, it
        d = lsolve(JF, [-v for v in F])
        if d is None: return None, it
        step = 1.0; best = None
        while step > 1e-4:
            trial = [a+step*b for a,b in zip(xb,d)]
            if min(trial) > 0:
                F2 = evaluate(trial, tau, False)[0]
                n2 = sum(v*v for v in F2)**0.5
                if best is None or n2 < best[0]: best = (n2, trial)
                if n2 < nf*(1-1e-4*step): break
            step *= 0.5
        if best is None or best[0] >= nf: 
            print('  stalled', nf); return (xb if nf < 1e-12 else None), it
        xb = best[1]
    print('  no convergence', nf)
    return None, it
xb = [x0[j] for j in B]
tau = 1e-5
t0 = time.time()
while tau > 1e-8:
    res, it = newton(xb, tau)
    if res is None:
        print('newton failed at', tau); sys.exit(1)
    xb = res
    F, Q, c, sup = evaluate(xb, tau, False)
    print(f'tau {tau:.1e} its {it} max|F| {max(abs(v) for v in F):.2e} mixed proposers {sum(1 for a,pr in sup if sum(1 for q in pr if q>1e-9)>1)} t {time.time()-t0:.1f}s', flush=True)
    tau *= 0.3
x = [0.0]*n
for j in range(m): x[B[j]] = xb[j]
for k in O: x[k] = delta*p[k]*(1-c[k])

# ---- exact finish: supports fixed, ties and value equations solved by minimum-norm Newton ----
tau_last = tau/0.3
F, Q, c, sup = evaluate(xb, tau_last, False)
supports = []
for k in range(n):
    act, pr = sup[k]
    keep = [(i, q) for i, q in zip(act, pr) if q > 1e-7]
    z = sum(q for _, q in keep)
    supports.append([(i, q/z) for i, q in keep])
u_prices = xb[:]
for outer in range(20):
    mixing = [k for k in range(n) if len(supports[k]) > 1]
    print('mixing proposers', len(mixing), 'support sizes', sorted(set(len(s) for s in supports)))
    layout = []  # (k, i) per probability unknown
    for k in range(n):
        for i, q in supports[k]: layout.append((k, i))
    def unpack(u):
        xb = u[:m]; probs = {}
        for (k, i), q in zip(layout, u[m:]): probs.setdefault(k, []).append((i, q))
        return xb, probs
    # distinct tie rows
    ties = set()
    for k in mixing:
        i0 = supports[k][0][0]
        for i, _ in supports[k][1:]:
            ties.add((min(i0, i), max(i0, i)))
    ties = sorted(ties)
    # drop dependent tie rows (Gram-Schmidt on their 0/+-1 vectors)
    basis = []; indep = []
    for (a, b) in ties:
        v = [0.0]*m
        for t in bits[a]: v[t] += 1
        for t in bits[b]: v[t] -= 1
        for q in basis:
            d = sum(x*y for x, y in zip(v, q)); v = [x - d*y for x, y in zip(v, q)]
        nv = sum(x*x for x in v)**0.5
        if nv > 1e-9:
            basis.append([x/nv for x in v]); indep.append((a, b))
    print('tie pairs', len(ties), 'independent', len(indep))
    def residual(u):
        xb, probs = unpack(u)
        X = lambda i: sum(xb[b] for b in bits[i])
        tot = sum(xb)
        Qv = [0.0]*m; cv = {}
        for k in range(n):
            mean = [0.0]*m; EX = 0.0
            for i, q in probs[k]:
                EX += q*X(i)
                for b in bits[i]: mean[b] += q
            own = xb[pos[k]] if k in pos else 0.0
            cv[k] = tot - own - EX
            for j in range(m):
                if B[j] != k: Qv[j] += p[k]*(1-mean[j])
        R = [xb[j]*(1-delta*Qv[j]) - delta*p[B[j]]*(1-cv[B[j]]) for j in range(m)]
        R += [X(b) - X(a) for a, b in indep]
        R += [sum(q for _, q in probs[k]) - 1 for k in range(n)]
        return R
    u = u_prices[:] + [q for k in range(n) for _, q in supports[k]]
    for it in range(20):
        R = residual(u)
        nr = max(abs(v) for v in R)
        print('exact newton', it, 'max residual', nr, flush=True)
        if nr < 1e-15: break
        h = 1e-6
        cols = []
        for a in range(len(u)):
            hh = h*max(abs(u[a]), 1e-3)
            up = u[:]; up[a] += hh; dn = u[:]; dn[a] -= hh
            Ru = residual(up); Rd = residual(dn)
            cols.append([(x - y)/(2*hh) for x, y in zip(Ru, Rd)])
        rows = len(R)
        JJ = [[sum(cols[a][r1]*cols[a][r2] for a in range(len(u))) for r2 in range(rows)] for r1 in range(rows)]
        y = lsolve(JJ, [-v for v in R])
        if y is None: print('singular'); break
        u = [u[a] + sum(cols[a][r]*y[r] for r in range(rows)) for a in range(len(u))]
    xb, probs = unpack(u)
    neg = [(k, i) for k in probs for i, q in probs[k] if q < 0]
    print('outer', outer, 'negative probabilities', len(neg))
    if not neg: break
    u_prices = xb[:]
    for k, i in neg:
        rest = [(j, q) for j, q in probs[k] if q > 0]
        z = sum(q for _, q in rest)
        supports[k] = [(j, q/z) for j, q in rest]
xb, probs = unpack(u)
print('least probability', min(q for k in probs for _, q in probs[k]))
# ---- verification over all members ----
tot = sum(xb)
Xall = [0.0]*(1<<m)
for T in range(1, 1<<m):
    low = T & -T; b = low.bit_length()-1
    Xall[T] = Xall[T ^ low] + xb[b]
order = sorted(range(1<<m), key=lambda T: W[T])
prefmax = []; best = -1.0
for T in order:
    best = max(best, Xall[T]); prefmax.append(best)
ws_sorted = [W[T] for T in order]
worst = 0.0; cvec = [0.0]*n
for k in range(n):
    if k in pos:
        bk = pos[k]
        L = max(Xall[T] for T in range(1<<m) if not (T >> bk & 1) and W[T] <= room[k])
    else:
        L = prefmax[bisect.bisect_right(ws_sorted, room[k]) - 1]
    chosen = min(Xall[cand[i]] for i, _ in probs[k])
    worst = max(worst, L - chosen)
    own = xb[pos[k]] if k in pos else 0.0
    cvec[k] = tot - own - sum(q*Xall[cand[i]] for i, q in probs[k])
print('largest shortfall of a chosen left-out set against the exact core optimum', worst)
x = [0.0]*n
for j in range(m): x[B[j]] = xb[j]
for k in O: x[k] = delta*p[k]*(1-cvec[k])
# reduced-cost fixing: rho = the band's break ratio; Lagrangian bound on the band
ratios = sorted((xb[j]/wb[j] for j in range(m)))
margin_min = float('inf')
for k in range(n):
    bandk = [j for j in range(m) if B[j] != k]
    Lstar = tot - (xb[pos[k]] if k in pos else 0.0) - cvec[k]
    best_rho = None
    for rho in ratios:
        lag = rho*room[k] + sum(max(0.0, xb[j] - rho*wb[j]) for j in bandk)
        gap = lag - Lstar
        red = min(x[i] - rho*w[i] for i in O if i != k)
        if best_rho is None or red - gap > best_rho: best_rho = red - gap
    margin_min = min(margin_min, best_rho)
print('reduced-cost fixing: least (outsider reduced cost - Lagrangian gap) over proposers', margin_min)
print('sum of values', sum(v/delta for v in x))

# ---- every member's value equation, recomputed from the mixtures alone ----
v = [xi/delta for xi in x]
invited = [0.0]*n       # sum over proposers k != i of p_k Pr[k includes i]
cost = [0.0]*n
total_prob_err = 0.0
for k in range(n):
    total_prob_err = max(total_prob_err, abs(sum(q for _, q in probs[k]) - 1))
    for i, q in probs[k]:
        T = cand[i]
        partners = [B[b] for b in range(m) if not (T >> b & 1) and B[b] != k]
        cost[k] += q*delta*sum(v[j] for j in partners)
        for j in partners:
            invited[j] += p[k]*q
worst_eq = max(abs(p[i]*(1-cost[i]) + invited[i]*delta*v[i] - v[i])/max(v[i], 1e-3) for i in range(n))
print('probabilities: least', min(q for k in probs for _, q in probs[k]), 'largest |sum - 1|', total_prob_err)
print('value equations, largest relative error over all 190 members', worst_eq)
ok = worst <= 1e-12 and margin_min > 0 and worst_eq <= 1e-8 and total_prob_err <= 1e-12 \
    and min(q for k in probs for _, q in probs[k]) >= 0 and abs(sum(v) - 1) <= 1e-8
print('VERIFIED' if ok else 'NOT VERIFIED')
if not ok:
    sys.exit(1)
small = [i for i in range(n) if float(m_pop[i]) < 10e6]
print('values: United States', v[ids.index('USA')], 'Tuvalu', v[ids.index('TUV')],
      'small states (under 10 million) together', sum(v[i] for i in small), 'of', len(small))
for j in sorted(B, key=lambda j: -w[j]):
    print(f'{ids[j]} votes {w[j]} value {v[j]:.6f} price per vote over the fractional rate {x[j]/(r*w[j]):.6f}')
