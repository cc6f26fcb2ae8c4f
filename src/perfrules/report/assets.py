"""The stylesheet and the one small script of the HTML report, inlined into every page.

The page needs no network: fonts come from the reader's system (a CJK stack that finds
PingFang / YaHei / Noto CJK / Source Han / WenQuanYi), charts are inline SVG, and the only
script makes the summary tables sortable. Everything else works with JavaScript off; the
page's Content-Security-Policy allows this script by its hash and nothing else.
"""

from __future__ import annotations

import base64
import hashlib

__all__ = ["CSS", "FONT_STACK", "SCRIPT", "script_hash"]

FONT_STACK = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", '
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
)
"""Chinese fonts first (macOS, Windows, Linux), then the platform's UI font."""

CSS = """
:root { --ink: #1f2933; --muted: #5f6b76; --line: #dde3ea; --paper: #ffffff;
  --bg: #f3f5f8; --head: #eef2f6; --navy: #1d3557; --good: #2e7d5b; --bad: #c0432b;
  --warn: #b07a0c; --info: #2f6db3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 14px;
  line-height: 1.55; font-family: FONTS; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.top { background: var(--navy); color: #fff; padding: 22px 0 18px; margin-bottom: 20px; }
header.top h1 { margin: 0 0 6px; font-size: 24px; font-weight: 600; letter-spacing: .02em; }
header.top .en { font-weight: 400; opacity: .8; font-size: 18px; margin-left: 8px; }
header.top .meta { margin: 0; opacity: .9; font-size: 13px; }
header.top .meta > span { margin-right: 18px; white-space: nowrap; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 17px; margin: 0 0 10px; }
h4 { font-size: 14px; margin: 20px 0 8px; color: var(--navy); }
.en { color: var(--muted); font-weight: 400; }
header.top .en { color: #fff; }
header.top .meta .en { color: #fff; font-size: inherit; margin-left: 0; opacity: .75; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 18px 22px; margin-bottom: 18px; }
.doc-head { margin: 26px 0 10px; }
.doc-head .path, code, .loc { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,
  "Liberation Mono", monospace; font-size: 12px; }
.loc { color: var(--muted); word-break: break-all; }
.code { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px;
  margin: 0 0 10px; font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
  gap: 12px; margin: 14px 0; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
  background: #fafbfc; }
.kpi .label { color: var(--muted); font-size: 12px; }
.kpi .value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi .value small { font-size: 14px; color: var(--muted); font-weight: 400; }
.kpi .sub { font-size: 12px; color: var(--muted); }
.delta-over { color: var(--bad); } .delta-under { color: var(--info); }
.delta-same { color: var(--good); }
.grade { display: inline-block; min-width: 2em; text-align: center; padding: 1px 8px;
  border-radius: 999px; color: #fff; font-weight: 600; font-size: 13px; }
.kpi .grade { font-size: 16px; margin-left: 8px; vertical-align: 5px; }
.grade-0 { background: #2e7d5b; } .grade-1 { background: #2f6db3; }
.grade-2 { background: #c98a12; } .grade-3 { background: #c0432b; }
.grade-none { background: #9aa3ad; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr));
  gap: 14px; margin: 10px 0; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
figcaption { font-size: 13px; font-weight: 600; margin-bottom: 6px; }
svg.chart { max-width: 100%; height: auto; display: block; font-family: inherit; }
.none { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 6px;
  font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tr.sev-error td { background: #fdeceb !important; }
tr.sev-warning td { background: #fff5dd !important; }
tr.sev-info td { background: #eaf2fb !important; }
tr.sev-error td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.sev-warning td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
tr.sev-info td:first-child { box-shadow: inset 4px 0 0 var(--info); }
tr.flag-error td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.flag-warning td:first-child { box-shadow: inset 4px 0 0 var(--warn); }
tr.flag-info td:first-child { box-shadow: inset 4px 0 0 var(--info); }
td.nowrap, td.code-col { white-space: nowrap; }
tr:target td, li:target { outline: 2px solid var(--navy); outline-offset: -2px; }
.sev { display: inline-block; padding: 0 7px; border-radius: 4px; font-size: 12px;
  color: #fff; white-space: nowrap; }
.sev-error .sev, .sev.sev-error { background: var(--bad); }
.sev.sev-warning { background: var(--warn); } .sev.sev-info { background: var(--info); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  background: #eef1f4; border-radius: 4px; padding: 0 5px; white-space: nowrap; }
.msg-en { color: var(--muted); font-size: 12px; }
.reason { display: block; color: var(--muted); font-size: 12px; }
.verdict-met { color: var(--good); } .verdict-partly { color: var(--warn); }
.verdict-missed, .verdict-not_evaluable { color: var(--bad); }
.counts { font-size: 13px; color: var(--muted); }
.pill-err { color: var(--bad); font-weight: 600; } .pill-warn { color: var(--warn); }
ol.goals { margin: 4px 0; padding-left: 22px; }
ol.goals li { padding: 2px 6px; }
ol.goals li.sev-error { background: #fdeceb; } ol.goals li.sev-warning { background: #fff5dd; }
ul.notes { margin: 4px 0; padding-left: 20px; font-size: 13px; }
details.doc > summary { cursor: pointer; list-style: none; }
details.doc > summary::-webkit-details-marker { display: none; }
details.doc > summary h2::before { content: "▸ "; color: var(--muted); }
details.doc[open] > summary h2::before { content: "▾ "; }
figure.grades { max-width: 640px; margin: 0 0 16px; }
.scroll { overflow-x: auto; }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid var(--info); }
th[aria-sort] button::after { content: " ⇅"; color: var(--muted); font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " ▼"; color: var(--ink); }
footer { color: var(--muted); font-size: 12px; padding: 10px 0 30px; }
@media print {
  body { background: #fff; font-size: 11px; }
  header.top { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
  header.top .en, header.top .meta .en { color: var(--muted); opacity: 1; }
  .card { border: none; padding: 0; break-inside: avoid-page; }
  details.doc > summary h2::before { content: ""; }
}
""".replace("FONTS", FONT_STACK)
"""The page's stylesheet (screen and print)."""

SCRIPT = """
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (!numeric) { return raw; }
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  function sort(table, column, th) {
    var numeric = th.getAttribute("data-type") === "num";
    var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].hasAttribute("aria-sort")) { heads[i].setAttribute("aria-sort", "none"); }
    }
    th.setAttribute("aria-sort", order);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: key(row.cells[column], numeric) };
    });
    var sign = order === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) { return a.index - b.index; }
        return a.key === null ? 1 : -1;
      }
      var c = numeric ? a.key - b.key : String(a.key).localeCompare(String(b.key), "zh-Hans-CN");
      return c !== 0 ? sign * c : a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sort(table, column, th); });
    });
  });
})();
"""
"""Click-to-sort for ``table.sortable``: numeric columns by ``data-value``, empty last."""


def script_hash() -> str:
    """The CSP source expression that allows exactly :data:`SCRIPT` (``'sha256-…'``)."""
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
