#!/usr/bin/env bash
# Turns the raw lines of a run-all.sh run into the results page (Markdown, on stdout):
# medians per target and connection count, same-round ratios, and the issue-4 targets.
#
#   report.sh RESULTS.raw > RESULTS.md
#
# Raw lines (one per measurement; run-all.sh writes them):
#   note TEXT                                              copied into the page
#   kind=load group= conns= round= target= <load.sh line>  one wrk run
#   kind=cold server= phase=fresh|warm n= <coldstart.sh line>
# A ratio is the median of per-round ratios: the two runs of a round are seconds apart and see
# the same neighbours, so it is far steadier than a ratio of two medians.
set -euo pipefail
[ $# -eq 1 ] && [ -r "$1" ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# The targets of issue 4 ("Measured, side by side").
TARGET_PYTHON_RATIO=20      # iris_rf, 16 connections: Modelhost ≥ 20× the Python service's req/s
TARGET_P99_MS=10            # ... with p99 ≤ 10 ms
TARGET_CEILING_SHARE=0.5    # logreg pipeline: ≥ 50 % of the raw HTTP ceiling
TARGET_BATCHING=3           # digits_cnn at 64 connections: batched ≥ 3× unbatched
TARGET_COLD_MS=100          # iris_rf: upload → first prediction ≤ 100 ms
VERDICT_CONNS=16            # the connection count the ratio targets are judged at

awk -v t_py="$TARGET_PYTHON_RATIO" -v t_p99="$TARGET_P99_MS" -v t_ceil="$TARGET_CEILING_SHARE" \
    -v t_batch="$TARGET_BATCHING" -v t_cold="$TARGET_COLD_MS" -v vc="$VERDICT_CONNS" '
function kv(line,   i, n, parts, pair) {
  delete F; n = split(line, parts, " ")
  for (i = 1; i <= n; i++) { split(parts[i], pair, "="); F[pair[1]] = substr(parts[i], length(pair[1]) + 2) }
}
function add(list, value) { return (list == "") ? value : list " " value }
function median(list,   v, n, i, j, x) {
  n = split(list, v, " "); if (n == 0) return "nan"
  for (i = 2; i <= n; i++) { x = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
  return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function spread(list,   v, n, i, lo, hi) {
  n = split(list, v, " "); if (n < 2) return ""
  lo = hi = v[1] + 0; for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
  return sprintf(" (%s–%s)", num(lo), num(hi))
}
function spreadpct(list,   v, n, i, lo, hi) {
  n = split(list, v, " "); if (n < 2) return ""
  lo = hi = v[1] + 0; for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
  return sprintf(" (%.0f–%.0f%%)", lo * 100, hi * 100)
}
function num(x) { if (x == "nan" || x == "") return "–"; x += 0; return (x >= 100) ? sprintf("%.0f", x) : (x >= 10) ? sprintf("%.1f", x) : sprintf("%.2f", x) }
function thousands(x,   s) { if (x == "nan" || x == "") return "–"; s = sprintf("%.0f", x); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([^0-9]|$)/, ",&", s); return s }
# Median of per-round ratios a/b in group g at c connections (numerator, denominator targets).
function ratio(g, c, a, b,   r, list, k) {
  list = ""
  for (r = 1; r <= maxround; r++) {
    k = g SUBSEP c SUBSEP r
    if ((k SUBSEP a) in RPS && (k SUBSEP b) in RPS && RPS[k, b] > 0) list = add(list, RPS[k, a] / RPS[k, b])
  }
  RATIOS = list
  return (list == "") ? "nan" : median(list)
}
function cpu(list,   m) { m = median(list); return (m == "na" || m == "nan") ? "na" : sprintf("%.0f", m) }
function verdict(met) { return met ? "**met**" : "**missed**" }

/^note / { notes[++nnotes] = substr($0, 6); next }
/^kind=load / {
  kv($0); g = F["group"]; c = F["conns"]; t = F["target"]; r = F["round"]
  if (!((g, c, t) in seen)) { seen[g, c, t] = 1; order[++norder] = g SUBSEP c SUBSEP t }
  if (r > maxround) maxround = r
  RPS[g, c, r, t] = F["rps"]
  rps[g, c, t] = add(rps[g, c, t], F["rps"]); p50[g, c, t] = add(p50[g, c, t], F["p50_ms"])
  p99[g, c, t] = add(p99[g, c, t], F["p99_ms"]); bad[g, c, t] += F["non2xx"] + F["errors"]
  cc[g, c, t] = add(cc[g, c, t], F["cpu_client"]); cs[g, c, t] = add(cs[g, c, t], F["cpu_server"])
  co[g, c, t] = add(co[g, c, t], F["cpu_other"])
  next
}
/^kind=cold / {
  kv($0); k = F["server"] SUBSEP F["phase"]
  up[k] = add(up[k], F["upload_ms"]); fp[k] = add(fp[k], F["first_predict_ms"]); tot[k] = add(tot[k], F["total_ms"])
  cnt[k]++; next
}
END {
  print "# HTTP benchmark results\n"
  for (i = 1; i <= nnotes; i++) print "- " notes[i]
  print "\nMedians over the rounds; in brackets the lowest and highest round. CPU is % of one core during the"
  print "measured runs (the machine has 2 cores, so 200 is all of it): client = wrk, server = the target process,"
  print "other = everything else on the machine (neighbours, loopback interrupts charged to nobody)."

  print "\n## Single-row predictions, warm\n"
  print "| target | conns | req/s | p50 ms | p99 ms | non-2xx + errors | CPU client / server / other |"
  print "|---|---:|---:|---:|---:|---:|---|"
  for (i = 1; i <= norder; i++) {
    split(order[i], key, SUBSEP); g = key[1]; c = key[2]; t = key[3]
    if (g != "single") continue
    printf "| %s | %s | %s%s | %s | %s | %d | %s / %s / %s |\n", t, c, thousands(median(rps[g, c, t])), spread(rps[g, c, t]),
      num(median(p50[g, c, t])), num(median(p99[g, c, t])), bad[g, c, t],
      cpu(cc[g, c, t]), cpu(cs[g, c, t]), cpu(co[g, c, t])
  }

  print "\n## Ratios (median of same-round ratios of req/s)\n"
  print "| conns | Modelhost / Python, iris_rf | Modelhost / Python, logreg | Modelhost / raw ceiling, logreg | Modelhost / raw ceiling, iris_rf |"
  print "|---:|---:|---:|---:|---:|"
  for (i = 1; i <= norder; i++) {
    split(order[i], key, SUBSEP); if (key[1] != "single" || key[3] != "raw") continue
    c = key[2]
    a = ratio("single", c, "modelhost-rf", "python-rf"); sa = spread(RATIOS)
    b = ratio("single", c, "modelhost-logreg", "python-logreg"); sb = spread(RATIOS)
    d = ratio("single", c, "modelhost-logreg", "raw"); sd = spreadpct(RATIOS)
    e = ratio("single", c, "modelhost-rf", "raw"); se = spreadpct(RATIOS)
    printf "| %s | %s×%s | %s×%s | %s%%%s | %s%%%s |\n", c, num(a), sa, num(b), sb,
      (d == "nan") ? "–" : sprintf("%.0f", d * 100), sd, (e == "nan") ? "–" : sprintf("%.0f", e * 100), se
  }

  print "\n## Dynamic batching, digits_cnn.onnx, one 1×1×8×8 image per request\n"
  print "| target | conns | req/s | p50 ms | p99 ms | non-2xx + errors | CPU client / server / other |"
  print "|---|---:|---:|---:|---:|---:|---|"
  for (i = 1; i <= norder; i++) {
    split(order[i], key, SUBSEP); g = key[1]; c = key[2]; t = key[3]
    if (g != "batching") continue
    bc = c
    printf "| %s | %s | %s%s | %s | %s | %d | %s / %s / %s |\n", t, c, thousands(median(rps[g, c, t])), spread(rps[g, c, t]),
      num(median(p50[g, c, t])), num(median(p99[g, c, t])), bad[g, c, t],
      cpu(cc[g, c, t]), cpu(cs[g, c, t]), cpu(co[g, c, t])
  }
  batching = (bc == "") ? "nan" : ratio("batching", bc, "cnn-batched", "cnn-unbatched"); sbat = spread(RATIOS)
  printf "\nbatched / unbatched: **%s×**%s\n", num(batching), sbat

  print "\n## Upload → first prediction, iris_rf.joblib (curl, a fresh connection per request)\n"
  print "| server | when | uploads | upload ms | first prediction ms | upload → first prediction ms |"
  print "|---|---|---:|---:|---:|---:|"
  split("modelhost python", servers, " "); split("fresh warm", phases, " ")
  for (s = 1; s <= 2; s++) for (p = 1; p <= 2; p++) {
    k = servers[s] SUBSEP phases[p]; if (!(k in cnt)) continue
    printf "| %s | %s | %d | %s | %s | %s%s |\n", servers[s],
      (phases[p] == "fresh") ? "first upload into a fresh process" : "later uploads (median)",
      cnt[k], num(median(up[k])), num(median(fp[k])), num(median(tot[k])), spread(tot[k])
  }

  print "\n## Issue 4 targets\n"
  print "| target | measured | verdict |"
  print "|---|---|---|"
  pr = ratio("single", vc, "modelhost-rf", "python-rf"); p = median(p99["single", vc, "modelhost-rf"])
  if (pr == "nan") printf "| ≥ %s× the Python service on iris_rf at %s connections | no Python rows in this run | – |\n", t_py, vc
  else printf "| ≥ %s× the Python service on iris_rf at %s connections | %s× | %s (%s) |\n", t_py, vc, num(pr),
    verdict(pr >= t_py), (pr >= t_py) ? sprintf("%.2f× the target", pr / t_py) : sprintf("short by %.2f×: %.0f%% of the target", t_py / pr, 100 * pr / t_py)
  printf "| … with p99 ≤ %s ms | p99 %s ms | %s (%s) |\n", t_p99, num(p), verdict(p <= t_p99),
    (p <= t_p99) ? sprintf("%s ms to spare", num(t_p99 - p)) : sprintf("over by %s ms", num(p - t_p99))
  cr = ratio("single", vc, "modelhost-logreg", "raw")
  printf "| ≥ %.0f%% of the raw HTTP ceiling on the logreg pipeline at %s connections | %.0f%% | %s (%s) |\n", t_ceil * 100, vc, cr * 100,
    verdict(cr >= t_ceil), (cr >= t_ceil) ? sprintf("%.0f points above", 100 * (cr - t_ceil)) : sprintf("%.0f points short", 100 * (t_ceil - cr))
  printf "| batching ≥ %s× on digits_cnn at %s connections | %s× | %s (%s) |\n", t_batch, bc, num(batching), verdict(batching >= t_batch),
    (batching >= t_batch) ? sprintf("%.2f× the target", batching / t_batch) : sprintf("short by %.2f×", t_batch / batching)
  k = "modelhost" SUBSEP "warm"; cold = median(tot[k])
  printf "| upload → first prediction ≤ %s ms for iris_rf | %s ms (median of %d) | %s (%s) |\n", t_cold, num(cold), cnt[k],
    verdict(cold <= t_cold), (cold <= t_cold) ? sprintf("%s ms to spare", num(t_cold - cold)) : sprintf("over by %s ms, %.1f× the target", num(cold - t_cold), cold / t_cold)
}' "$1"
