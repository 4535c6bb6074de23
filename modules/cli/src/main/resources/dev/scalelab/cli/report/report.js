// ScaleLab sweep report: draws the embedded data (no network, no external files).
(function () {
  'use strict';
  var errors = [];
  function noteError(msg) { errors.push(String(msg)); document.body.setAttribute('data-errors', String(errors.length)); }
  window.addEventListener('error', function (e) { noteError(e.message); });
  window.addEventListener('unhandledrejection', function (e) { noteError(e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) { noteError('blocked: ' + e.blockedURI); });
  var consoleError = console.error;
  console.error = function () { noteError(Array.prototype.join.call(arguments, ' ')); consoleError.apply(console, arguments); };

  var D;
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var MAX_PANELS = 12, MAX_ROWS = 1000, MAX_LINES = 12;
  var cols, rows, N, colIndex = {}, state, selected;
  var configCols, heldCandidates, seedCols, numericCols, resultCols, metricExtras, groups;
  function init() {
    cols = D.columns; rows = D.rows; N = rows.length;
    cols.forEach(function (c, i) { colIndex[c] = i; });
    state = loadState();
    selected = new Uint8Array(N).fill(1);   // brushing in the parallel coordinates
    configCols = cols.filter(function (c) { return c.indexOf('config.') === 0; });
    heldCandidates = configCols.filter(function (c) { return !isSeed(c); });
    seedCols = configCols.filter(isSeed);
    numericCols = cols.filter(function (c) { return c !== 'run_id' && numericCol(c); });
    // classification runs: accuracy first (the parallel coordinates' colour, the results' y)
    resultCols = ('final_test_accuracy' in colIndex ? ['final_test_accuracy'] : []).concat(
      ['final_test_loss', 'best_test_loss', 'final_train_loss', 'best_train_loss'].filter(function (c) { return c in colIndex; }));
    metricExtras = numericCols.filter(function (c) {
      return c.indexOf('config.') !== 0 && resultCols.indexOf(c) < 0 &&
        ['params', 'samples', 'flops', 'steps', 'wall_seconds'].indexOf(c) < 0;
    });
    groups = D.curves.groups;
  }

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { e.setAttribute(k, attrs[k]); } }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function val(r, c) {
    if (c in colIndex) { return rows[r][colIndex[c]]; }
    var v = D.constants[c];
    return v === undefined ? null : v;
  }
  function short(c) { return c.replace(/^config\./, ''); }
  function isSeed(c) { var last = c.split('.').pop(); return last === 'seed' || /_seed$/.test(last); }
  function fmt(v) {
    if (v == null) { return ''; }
    if (typeof v !== 'number') { return String(v); }
    if (v === 0) { return '0'; }
    var a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) { return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e'); }
    if (Number.isInteger(v)) { return String(v); }
    return String(+v.toPrecision(4));
  }
  function fmtAxis(v) {
    if (v == null) { return ''; }
    var a = Math.abs(v);
    if (v !== 0 && (a >= 1e5 || a < 1e-2)) { return v.toExponential(0).replace('e+', 'e'); }
    return String(+v.toPrecision(3));
  }
  function loadState() {
    try { return JSON.parse(sessionStorage.getItem('scalelab-report:' + D.dir) || '{}'); } catch (e) { return {}; }
  }
  function saveState() {
    try { sessionStorage.setItem('scalelab-report:' + D.dir, JSON.stringify(state)); } catch (e) { /* file:// may refuse */ }
  }
  function select(id, options, current, onChange) {
    var s = $(id); s.innerHTML = '';
    options.forEach(function (o) {
      var opt = el('option', {value: o[0]}, o[1]);
      if (o[0] === current) { opt.selected = true; }
      s.appendChild(opt);
    });
    s.onchange = function () { onChange(s.value); };
    return s.value;
  }

  // ---- which columns are what
  function numericCol(c) {
    for (var r = 0; r < N; r++) { var v = val(r, c); if (v != null) { return typeof v === 'number'; } }
    return false;
  }

  // ---- header: title and progress
  function header() {
    $('title').textContent = 'Sweep report: ' + D.title;
    $('subtitle').textContent = D.dir + ' · ' + N + ' complete runs · written ' + D.generated.replace('T', ' ').replace(/\..*/, '') +
      ' UTC by ScaleLab ' + D.scalelab;
    var p = D.progress, counts = p.counts, chips = $('chips'), total = 0;
    for (var k in counts) { total += counts[k]; }
    for (var k2 in counts) {
      if (counts[k2] > 0 || ['done', 'failed', 'pending'].indexOf(k2) >= 0) {
        chips.appendChild(el('span', {'class': k2}, counts[k2] + ' ' + k2));
      }
    }
    var bar = $('bar');
    [['done', '#4caf50'], ['diverged', '#ff9800'], ['failed', '#e53935'], ['incomplete', '#90caf9']].forEach(function (s) {
      if (counts[s[0]]) { var d = el('div'); d.style.width = (100 * counts[s[0]] / Math.max(1, total)) + '%'; d.style.background = s[1]; bar.appendChild(d); }
    });
    var eta = '';
    if (p.pending > 0) {
      eta = p.eta_seconds != null ? 'ETA ' + duration(p.eta_seconds) + ' (at ' + p.rate_per_minute + ' runs/min since the latest sweep run started)'
        : 'ETA unknown (no run finished yet in the latest sweep run)';
    } else if (counts.incomplete) {
      eta = counts.incomplete + ' run(s) have logs but no summary: in flight, or killed (a resumed sweep redoes them)';
    } else if (p.sweep) { eta = 'finished'; }
    $('eta').textContent = eta;
    if (D.watch > 0) {
      $('watch').textContent = 'Rewritten every ' + D.watch + ' s by `sweep report --watch`; this page reloads itself every ' + D.watch + ' s.';
    }
  }
  function duration(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    return (h > 0 ? h + ' h ' : '') + (h > 0 || m > 0 ? m + ' min ' : '') + (h > 0 ? '' : sec + ' s');
  }

  // ---- curves: seed groups, panels held equal, one line per value of the group-by key
  function groupValue(g, c) { return val(g.runs[0], c); }
  function groupSelected(g) { for (var i = 0; i < g.runs.length; i++) { if (selected[g.runs[i]]) { return true; } } return false; }
  function determinedBy(key, other) {
    // true when `other` is a function of `key` over all groups (e.g. a pruning level's density): not held equal
    var m = {};
    for (var i = 0; i < groups.length; i++) {
      var k = JSON.stringify(groupValue(groups[i], key)), o = JSON.stringify(groupValue(groups[i], other));
      if (k in m && m[k] !== o) { return false; }
      m[k] = o;
    }
    return true;
  }
  function defaultGroupBy() {
    var pref = (D.group_by || []).map(function (k) { return k.indexOf('config.') === 0 ? k : 'config.' + k; })
      .concat(['config.model.width', 'config.imp.level', 'config.imp.branch']);
    for (var i = 0; i < pref.length; i++) { if (heldCandidates.indexOf(pref[i]) >= 0) { return pref[i]; } }
    return heldCandidates[0] || '';
  }
  var curvePlots = [], lineColour;
  function drawCurves() {
    curvePlots.forEach(function (u) { u.destroy(); }); curvePlots = [];
    var box = $('panels'); box.innerHTML = '';
    if (!groups.length) { box.textContent = 'No complete runs yet.'; return; }
    var metricsPresent = ['train_loss', 'test_loss', 'test_accuracy'].filter(function (m) {
      return groups.some(function (g) { return m in g.metrics; });
    });
    var gb = state.groupBy != null && (state.groupBy === '' || heldCandidates.indexOf(state.groupBy) >= 0) ? state.groupBy : defaultGroupBy();
    state.groupBy = select('c-group', [['', '(none: one line per seed group)']].concat(heldCandidates.map(function (c) { return [c, short(c)]; })), gb,
      function (v) { state.groupBy = v; saveState(); drawCurves(); });
    state.metric = select('c-metric', metricsPresent.map(function (m) { return [m, m]; }), state.metric || (metricsPresent.indexOf('test_loss') >= 0 ? 'test_loss' : metricsPresent[0]),
      function (v) { state.metric = v; saveState(); drawCurves(); });
    state.x = select('c-x', [['step', 'step'], ['samples', 'samples'], ['flops', 'FLOPs'], ['wall', 'wall time (s)']], state.x || 'step',
      function (v) { state.x = v; saveState(); drawCurves(); });
    state.band = select('c-band', [['minmax', 'min–max over seeds'], ['sd', 'mean ± sd'], ['none', 'no band']], state.band || 'minmax',
      function (v) { state.band = v; saveState(); drawCurves(); });
    var lx = $('c-logx'), ly = $('c-logy');
    lx.checked = state.logx != null ? state.logx : true; ly.checked = state.logy != null ? state.logy : state.metric !== 'test_accuracy';
    lx.onchange = function () { state.logx = lx.checked; saveState(); drawCurves(); };
    ly.onchange = function () { state.logy = ly.checked; saveState(); drawCurves(); };
    var held = heldCandidates.filter(function (c) { return c !== gb && !(gb && determinedBy(gb, c)); });
    var follow = heldCandidates.filter(function (c) { return c !== gb && held.indexOf(c) < 0; });
    var seedsNote = seedCols.length ? 'mean over ' + seedCols.map(short).join(', ') : 'one run per line';
    $('c-count').textContent = '';
    if ((D.curves.unreadable || []).length) {
      $('c-count').textContent = D.curves.unreadable.length + ' run(s) have a metrics.jsonl that cannot be read, so no curve: ' +
        D.curves.unreadable.slice(0, 3).join('; ') + (D.curves.unreadable.length > 3 ? ' …' : '');
    }
    $('c-note').textContent = (gb ? 'One line per ' + short(gb) + (follow.length ? ' (with ' + follow.map(short).join(', ') + ', which follow it)' : '') : 'One line per seed group') +
      (held.length ? '; each panel holds ' + held.map(short).join(', ') + ' equal' : '; nothing else varies, so one panel') + '; lines are the ' + seedsNote +
      (state.band === 'none' ? '' : ', the band ' + (state.band === 'sd' ? '± one standard deviation' : 'the min–max over seeds')) +
      '. A run that stopped early (target reached, or diverged) leaves the mean and band after its last logged step. Curves are thinned to at most ' +
      D.curves.points_per_curve + ' points each (in Java). Hover a plot for the run ids.';
    var panels = {}, order = [];
    groups.forEach(function (g, gi) {
      if (!groupSelected(g) || !(state.metric in g.metrics)) { return; }
      var key = JSON.stringify(held.map(function (c) { return groupValue(g, c); }));
      if (!(key in panels)) { panels[key] = []; order.push(key); }
      panels[key].push(gi);
    });
    order.sort(function (a, b) { return compareArrays(JSON.parse(a), JSON.parse(b)); });
    var merged = false;
    if (order.length > 1 && order.every(function (k) { return panels[k].length === 1; })) {
      // no two lines share the held keys (e.g. a random search): one panel, the held keys named in each line
      var all = [];
      order.forEach(function (k) { all.push(panels[k][0]); });
      $('c-note').textContent += ' No two lines share ' + held.map(short).join(', ') + ', so all are drawn in one panel.';
      follow = follow.concat(held); held = []; panels = {'[]': all}; order = ['[]']; merged = true;
    }
    // one colour per value of the group-by key in every panel
    var palette = {};
    if (gb) {
      var seenVals = {}, valsList = [];
      groups.forEach(function (g) { var k = JSON.stringify(groupValue(g, gb)); if (!(k in seenVals)) { seenVals[k] = 1; valsList.push(groupValue(g, gb)); } });
      valsList.sort(function (a, b) { return compareArrays([a], [b]); });
      valsList.forEach(function (v, i) { palette[JSON.stringify(v)] = PALETTE[i % PALETTE.length]; });
    }
    lineColour = function (g, li) { return gb && !merged && JSON.stringify(groupValue(g, gb)) in palette
      ? palette[JSON.stringify(groupValue(g, gb))] : PALETTE[li % PALETTE.length]; };
    var shown = order.slice(0, MAX_PANELS);
    if (order.length > MAX_PANELS) {
      $('c-count').textContent += ' Showing ' + MAX_PANELS + ' of ' + order.length + ' panels: brush the parallel coordinates or filter the table to choose others.';
    }
    shown.forEach(function (key) {
      var vals = JSON.parse(key);
      var title = held.length ? held.map(function (c, i) { return short(c) + ' = ' + fmt(vals[i]); }).join(', ') : 'all runs';
      drawPanel(box, title, panels[key], gb, follow);
    });
  }
  function compareArrays(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] === b[i]) { continue; }
      if (typeof a[i] === 'number' && typeof b[i] === 'number') { return a[i] - b[i]; }
      return String(a[i]) < String(b[i]) ? -1 : 1;
    }
    return 0;
  }
  function xOf(g, i) {
    var s = g.step[i];
    if (state.x === 'samples') { return g.samples_per_step == null ? null : s * g.samples_per_step; }
    if (state.x === 'flops') { return g.flops_per_step == null ? null : s * g.flops_per_step; }
    if (state.x === 'wall') { return g.wall[i]; }
    return s;
  }
  function drawPanel(box, title, gis, gb, follow) {
    gis.sort(function (a, b) { return compareArrays([gb ? groupValue(groups[a], gb) : a], [gb ? groupValue(groups[b], gb) : b]); });
    var more = gis.length - MAX_LINES;
    gis = gis.slice(0, MAX_LINES);
    var panel = el('div', {'class': 'panel'});
    panel.appendChild(el('div', {'class': 'ptitle'}, title));
    var legend = el('div', {'class': 'legend'});
    var holder = el('div');
    var hover = el('div', {'class': 'hover muted'}, 'Hover the plot: nearest line, its value and its runs.');
    panel.appendChild(holder); panel.appendChild(legend); panel.appendChild(hover); box.appendChild(panel);
    var logx = $('c-logx').checked, logy = $('c-logy').checked, m = state.metric;
    var tables = [], series = [{}], bands = [], lines = [];
    gis.forEach(function (gi, li) {
      var g = groups[gi], c = g.metrics[m], xs = [], mean = [], hi = [], lo = [];
      for (var i = 0; i < g.step.length; i++) {
        var x = xOf(g, i);
        if (x == null || (logx && !(x > 0))) { continue; }
        var y = c.mean[i], h = state.band === 'sd' ? (y == null ? null : y + c.sd[i]) : c.max[i], l = state.band === 'sd' ? (y == null ? null : y - c.sd[i]) : c.min[i];
        if (logy) { y = y > 0 ? y : null; h = h > 0 ? h : null; l = l > 0 ? l : null; }
        xs.push(x); mean.push(y); hi.push(h); lo.push(l);
      }
      var color = lineColour(g, li);
      var label = gb ? short(gb) + ' = ' + fmt(groupValue(g, gb)) + follow.map(function (f) { return ', ' + short(f) + ' = ' + fmt(groupValue(g, f)); }).join('') : 'group ' + (li + 1);
      lines.push({g: g, label: label, color: color, n: g.runs.length});
      var withBand = state.band !== 'none' && g.runs.length > 1;
      tables.push(withBand ? [xs, mean, hi, lo] : [xs, mean]);
      var base = series.length;
      var few = mean.filter(function (v) { return v != null; }).length <= 3;  // a one-point curve is still seen
      series.push({label: label, stroke: color, width: 2, spanGaps: true, points: {show: few, size: 7, fill: color}});
      if (withBand) {
        series.push({label: label + ' hi', stroke: 'transparent', width: 0, spanGaps: true, points: {show: false}});
        series.push({label: label + ' lo', stroke: 'transparent', width: 0, spanGaps: true, points: {show: false}});
        bands.push({series: [base + 1, base + 2], fill: color + '30'});
      }
      lines[lines.length - 1].seriesIndex = base;
      var item = el('span'); var sw = el('span', {'class': 'sw'}); sw.style.background = color;
      item.appendChild(sw); item.appendChild(document.createTextNode(label + (g.runs.length > 1 ? ' (' + g.runs.length + ' runs)' : '')));
      legend.appendChild(item);
    });
    if (more > 0) { legend.appendChild(el('span', {'class': 'muted'}, ' … and ' + more + ' more lines not drawn')); }
    var data = uPlot.join(tables);
    var xLabel = {step: 'step', samples: 'samples', flops: 'FLOPs', wall: 'wall time (s)'}[state.x];
    var opts = {
      width: Math.max(400, Math.floor(box.clientWidth / Math.max(1, Math.floor(box.clientWidth / 440))) - 20), height: 260,
      legend: {show: false}, series: series, bands: bands,
      scales: {x: {time: false, distr: logx ? 3 : 1, range: logx ? logRange : undefined}, y: {distr: logy ? 3 : 1, range: logy ? logRange : undefined}},
      axes: [axis(xLabel, logx, 40), axis(m, logy, 60)],
      cursor: {drag: {x: true, y: false}},
      hooks: {setCursor: [function (u) { describeHover(u, lines, hover, m, xLabel); }]}
    };
    curvePlots.push(new uPlot(opts, data, holder));
  }
  // Ticks on a log axis at 1, 2, 5 times powers of ten (1..9 times within less than two decades), so that labels
  // read 100, 200, 500 rather than uPlot's steps from the range's minimum
  function logSplits(u, i, min, max) {
    if (!(min > 0) || !(max > min)) { return [min]; }
    // as many labels as fit: about 70 px apart across, 28 px up the side
    var px = i === 0 ? u.bbox.width / devicePixelRatio : u.bbox.height / devicePixelRatio;
    var room = Math.max(2, Math.floor(px / (i === 0 ? 70 : 28)));
    var lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max)), out = [];
    var sets = [[1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 5, 7], [1, 2, 5], [1, 3], [1]];
    var dense = null;  // the last set with two or more ticks, too many to label
    for (var si = 0; si < sets.length; si++) {
      out = [];
      for (var k = lo; k <= hi; k++) {
        sets[si].forEach(function (m) { var v = +(m * Math.pow(10, k)).toPrecision(6); if (v >= min && v <= max) { out.push(v); } });
      }
      if (out.length < 2) { break; }
      if (out.length <= room) { return out; }
      dense = out;
    }
    if (dense) { var step = Math.ceil(dense.length / room); return dense.filter(function (v, j) { return j % step === 0; }); }
    return [min, max].map(function (v) { return +v.toPrecision(2); });
  }
  function axis(label, log, size) {
    var a = {label: label, size: size, values: function (u, s) { return s.map(fmtAxis); }};
    if (log) { a.splits = logSplits; a.filter = function (u, s) { return s; }; }
    return a;
  }
  // uPlot widens a log scale to whole decades; data spanning 0.3-0.4 would sit in a sliver of the plot
  function logRange(u, min, max) {
    if (min == null || max == null) { return [1, 10]; }
    if (min === max) { return [min / 2, max * 2]; }
    var pad = Math.pow(max / min, 0.06);
    return [min / pad, max * pad];
  }
  function runIds(g) {
    var ids = g.runs.map(function (r) { return val(r, 'run_id'); });
    return ids.length > 8 ? ids.slice(0, 8).join(', ') + ' and ' + (ids.length - 8) + ' more' : ids.join(', ');
  }
  function describeHover(u, lines, hover, m, xLabel) {
    var idx = u.cursor.idx;
    if (idx == null) { return; }
    var best = null, bestD = Infinity;
    lines.forEach(function (l) {
      var y = u.data[l.seriesIndex][idx];
      if (y == null) { return; }
      var d = Math.abs(u.valToPos(y, 'y') - u.cursor.top);
      if (d < bestD) { bestD = d; best = l; }
    });
    if (!best) { return; }
    var y = u.data[best.seriesIndex][idx];
    hover.textContent = best.label + ': ' + m + ' ' + fmt(y) + (best.n > 1 ? ' (mean of ' + best.n + ' runs)' : '') + ' at ' + xLabel + ' ' +
      fmt(u.data[0][idx]) + ' · runs: ' + runIds(best.g);
  }

  // ---- results against hyperparameters, with log-log slopes
  var resultPlot = null;
  function drawResults() {
    if (resultPlot) { resultPlot.destroy(); resultPlot = null; }
    var box = $('r-plot'); box.innerHTML = '';
    if (!N) { return; }
    var xs = numericCols.filter(function (c) { return resultCols.indexOf(c) < 0; });
    var isPrune = 'config.imp.density' in colIndex;
    var xDefault = isPrune ? 'config.imp.density' : ('params' in colIndex ? 'params' : xs[0]);
    var ys = resultCols.concat(metricExtras);
    var yDefault = isPrune && 'final_test_accuracy' in colIndex ? 'final_test_accuracy' : ys[0];
    var seriesOpts = [['', '(one series)']].concat(heldCandidates.map(function (c) { return [c, short(c)]; }));
    var sDefault = isPrune ? 'config.imp.branch' : (heldCandidates.indexOf('config.train.steps') >= 0 ? 'config.train.steps' : '');
    state.rx = select('r-x', xs.map(function (c) { return [c, short(c)]; }), xs.indexOf(state.rx) >= 0 ? state.rx : xDefault, function (v) { state.rx = v; saveState(); drawResults(); });
    state.ry = select('r-y', ys.map(function (c) { return [c, c]; }), ys.indexOf(state.ry) >= 0 ? state.ry : yDefault, function (v) { state.ry = v; saveState(); drawResults(); });
    if (sDefault && !isPrune) { // a series with one x per value (e.g. a random search) draws no lines: then none
      var xsPer = {};
      for (var r0 = 0; r0 < N; r0++) { var sv = JSON.stringify(val(r0, sDefault)); (xsPer[sv] = xsPer[sv] || {})[val(r0, xDefault)] = 1; }
      if (Object.keys(xsPer).every(function (k) { return Object.keys(xsPer[k]).length < 2; })) { sDefault = ''; }
    }
    state.rs = select('r-series', seriesOpts, state.rs != null && (state.rs === '' || heldCandidates.indexOf(state.rs) >= 0) ? state.rs : (sDefault in colIndex ? sDefault : ''),
      function (v) { state.rs = v; saveState(); drawResults(); });
    var lx = $('r-logx'), ly = $('r-logy');
    lx.checked = state.rlogx != null ? state.rlogx : true;
    ly.checked = state.rlogy != null ? state.rlogy : state.ry.indexOf('accuracy') < 0;
    lx.onchange = function () { state.rlogx = lx.checked; saveState(); drawResults(); };
    ly.onchange = function () { state.rlogy = ly.checked; saveState(); drawResults(); };
    var X = state.rx, Y = state.ry, S = state.rs, logx = lx.checked, logy = ly.checked;
    var bySeries = {}, order = [];
    for (var r = 0; r < N; r++) {
      if (!selected[r]) { continue; }
      var x = val(r, X), y = val(r, Y);
      if (typeof x !== 'number' || typeof y !== 'number' || !isFinite(x) || !isFinite(y)) { continue; }
      if ((logx && x <= 0) || (logy && y <= 0)) { continue; }
      var s = S ? val(r, S) : '';
      var k = JSON.stringify(s);
      if (!(k in bySeries)) { bySeries[k] = {value: s, points: {}, all: []}; order.push(k); }
      (bySeries[k].points[x] = bySeries[k].points[x] || []).push(y);
      bySeries[k].all.push([x, y, r]);
    }
    order.sort(function (a, b) { return compareArrays([JSON.parse(a)], [JSON.parse(b)]); });
    var tables = [], series = [{}], bands = [], slopeRows = [], info = [];
    order.slice(0, 20).forEach(function (k, i) {
      var sd = bySeries[k], xsS = Object.keys(sd.points).map(Number).sort(function (a, b) { return a - b; });
      var mean = [], lo = [], hi = [];
      xsS.forEach(function (x) {
        var v = sd.points[x];
        mean.push(v.reduce(function (a, b) { return a + b; }, 0) / v.length);
        lo.push(Math.min.apply(null, v)); hi.push(Math.max.apply(null, v));
      });
      var color = PALETTE[i % PALETTE.length];
      var label = S ? short(S) + ' = ' + fmt(sd.value) : Y;
      var fit = slope(sd.all, logx, logy);
      var base = series.length;
      // lines join the means of one series; with no series the runs at neighbouring x may differ in anything: points
      series.push({label: label, stroke: color, width: 2, points: {show: true, size: 6, fill: color},
        paths: S ? undefined : function () { return null; }});
      series.push({label: label + ' max', stroke: 'transparent', points: {show: false}});
      series.push({label: label + ' min', stroke: 'transparent', points: {show: false}});
      bands.push({series: [base + 1, base + 2], fill: color + '30'});
      tables.push([xsS, mean, hi, lo]);
      info.push({label: label, color: color, base: base, all: sd.all, points: sd.points});
      slopeRows.push([color, label, fit, sd.all.length, xsS.length]);
    });
    if (!tables.length) { box.textContent = 'No run has numbers in both ' + X + ' and ' + Y + (logx || logy ? ' (positive, for log axes)' : '') + '.'; $('r-slopes').innerHTML = ''; return; }
    var hover = $('r-hover');
    resultPlot = new uPlot({
      width: Math.min(1100, Math.max(500, $('results').clientWidth - 40)), height: 360, legend: {show: false}, series: series, bands: bands,
      scales: {x: {time: false, distr: logx ? 3 : 1, range: logx ? logRange : undefined}, y: {distr: logy ? 3 : 1, range: logy ? logRange : undefined}},
      axes: [axis(short(X), logx, 40), axis(Y, logy, 60)],
      hooks: {setCursor: [function (u) {
        var idx = u.cursor.idx; if (idx == null) { return; }
        var best = null, bd = Infinity;
        info.forEach(function (l) { var y = u.data[l.base][idx]; if (y == null) { return; } var d = Math.abs(u.valToPos(y, 'y') - u.cursor.top); if (d < bd) { bd = d; best = l; } });
        if (!best) { return; }
        var x = u.data[0][idx], runs = best.all.filter(function (p) { return p[0] === x; }).map(function (p) { return val(p[2], 'run_id'); });
        hover.textContent = best.label + ': ' + short(X) + ' ' + fmt(x) + ', mean ' + Y + ' ' + fmt(u.data[best.base][idx]) + ' over ' + runs.length + ' run(s): ' + runs.slice(0, 10).join(', ') + (runs.length > 10 ? ' …' : '');
      }]}
    }, uPlot.join(tables), box);
    var t = el('table', {'class': 'slopes'});
    var hr = el('tr');
    ['', 'series', logx && logy ? 'log-log slope of ' + Y + ' vs ' + short(X) : logx ? 'change of ' + Y + ' per decade of ' + short(X)
      : logy ? 'decades of ' + Y + ' per unit of ' + short(X) : 'slope of ' + Y + ' vs ' + short(X), 'runs', 'distinct x'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
    t.appendChild(hr);
    slopeRows.forEach(function (s) {
      var tr = el('tr'), sw = el('td'); var b = el('span', {'class': 'sw'}); b.style.cssText = 'display:inline-block;width:14px;height:3px;background:' + s[0];
      sw.appendChild(b); tr.appendChild(sw);
      [s[1], s[2] == null ? 'needs 2 distinct x' : s[2].toFixed(3), s[3], s[4]].forEach(function (v) { tr.appendChild(el('td', null, String(v))); });
      t.appendChild(tr);
    });
    var sl = $('r-slopes'); sl.innerHTML = ''; sl.appendChild(t);
    if (order.length > 20) { sl.appendChild(el('div', {'class': 'note'}, 'Showing 20 of ' + order.length + ' series.')); }
    $('r-note').textContent = 'Lines: mean over the runs at each x (seeds and anything else not chosen as the series); band: min–max. Slope: least squares over every run' +
      (logx && logy ? ' of log ' + Y + ' against log ' + short(X) + ' (a power law’s exponent).' : ' on the axes as drawn (both axes log: a power law’s exponent).');
  }
  function slope(pts, logx, logy) {
    var n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, xsSeen = {};
    pts.forEach(function (p) {
      var x = logx ? Math.log10(p[0]) : p[0], y = logy ? Math.log10(p[1]) : p[1];
      n++; sx += x; sy += y; sxx += x * x; sxy += x * y; xsSeen[p[0]] = 1;
    });
    if (Object.keys(xsSeen).length < 2) { return null; }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  // ---- parallel coordinates with brushing
  var pcAxes = [], brushes = {}, pcCanvas, pcCtx, drag = null;
  function setupParallel() {
    var keys = heldCandidates.concat(seedCols.length && heldCandidates.length < 8 ? [] : []);
    keys = keys.concat(resultCols.filter(function (c) { return c in colIndex; }).slice(0, 3));
    if ('params' in colIndex && keys.indexOf('params') < 0 && heldCandidates.indexOf('config.model.width') < 0) { keys.unshift('params'); }
    pcAxes = keys.map(function (c) {
      var values = [], numeric = true;
      for (var r = 0; r < N; r++) { var v = val(r, c); if (v != null) { values.push(v); if (typeof v !== 'number') { numeric = false; } } }
      var ax = {col: c, numeric: numeric};
      if (numeric) {
        var lo = Math.min.apply(null, values.length > 50000 ? values.slice(0, 50000) : values), hi = lo;
        values.forEach(function (v) { if (v < lo) { lo = v; } if (v > hi) { hi = v; } });
        ax.log = lo > 0 && hi / lo >= 8; ax.lo = ax.log ? Math.log(lo) : lo; ax.hi = ax.log ? Math.log(hi) : hi;
        var distinct = Array.from(new Set(values.length > 50000 ? values.slice(0, 50000) : values));
        if (distinct.length <= 8) { ax.distinct = distinct.sort(function (a, b) { return a - b; }); }
      } else {
        var cats = Array.from(new Set(values.map(String))).sort(); ax.cats = cats;
      }
      return ax;
    });
    pcCanvas = $('pc');
    if (!N) { pcAxes = []; }
    if (!pcAxes.length) { pcCanvas.style.display = 'none'; return; }
    pcCanvas.width = Math.min(1400, Math.max(600, $('parallel').clientWidth - 30)); pcCanvas.height = 300;
    pcCtx = pcCanvas.getContext('2d');
    pcCanvas.onmousedown = function (e) {
      var a = axisAt(e.offsetX); if (a < 0) { return; }
      drag = {axis: a, y0: e.offsetY, y1: e.offsetY};
    };
    pcCanvas.onmousemove = function (e) { if (drag) { drag.y1 = e.offsetY; brushFromDrag(); drawParallel(false); } };
    window.addEventListener('mouseup', function () {
      if (!drag) { return; }
      if (Math.abs(drag.y1 - drag.y0) < 3) { delete brushes[pcAxes[drag.axis].col]; }
      drag = null; applyBrushes();
    });
  }
  var PC_TOP = 34, PC_BOTTOM = 30;
  function axisX(i) { return 60 + i * (pcCanvas.width - 140) / Math.max(1, pcAxes.length - 1); }
  function axisAt(x) { for (var i = 0; i < pcAxes.length; i++) { if (Math.abs(axisX(i) - x) < 25) { return i; } } return -1; }
  function pos(ax, v) { // 0 bottom .. 1 top
    if (v == null) { return null; }
    if (ax.numeric) { var t = ax.log ? Math.log(v) : v; return ax.hi === ax.lo ? 0.5 : (t - ax.lo) / (ax.hi - ax.lo); }
    var i = ax.cats.indexOf(String(v)); return ax.cats.length === 1 ? 0.5 : i / (ax.cats.length - 1);
  }
  function yPix(p) { return PC_TOP + (1 - p) * (pcCanvas.height - PC_TOP - PC_BOTTOM); }
  function brushFromDrag() {
    var h = pcCanvas.height - PC_TOP - PC_BOTTOM;
    var a = 1 - (Math.max(drag.y0, drag.y1) - PC_TOP) / h, b = 1 - (Math.min(drag.y0, drag.y1) - PC_TOP) / h;
    brushes[pcAxes[drag.axis].col] = [a - 0.01, b + 0.01];
  }
  // A link can carry a selection: #brush=COL:LO:HI[,COL:LO:HI] (numeric axes, in the column's units)
  function brushFromHash() {
    var m = /brush=([^&]*)/.exec(decodeURIComponent(location.hash || ''));
    if (!m) { return; }
    m[1].split(',').forEach(function (part) {
      var f = part.split(':'), ax = pcAxes.filter(function (a) { return a.col === f[0] || short(a.col) === f[0] || a.col.endsWith('.' + f[0]); })[0];
      if (!ax || !ax.numeric || f.length !== 3) { noteError('#brush: no numeric axis ' + f[0]); return; }
      brushes[ax.col] = [pos(ax, Number(f[1])) - 1e-9, pos(ax, Number(f[2])) + 1e-9];
    });
  }
  function applyBrushes() {
    for (var r = 0; r < N; r++) {
      var ok = 1;
      for (var i = 0; i < pcAxes.length && ok; i++) {
        var b = brushes[pcAxes[i].col]; if (!b) { continue; }
        var p = pos(pcAxes[i], val(r, pcAxes[i].col));
        if (p == null || p < b[0] || p > b[1]) { ok = 0; }
      }
      selected[r] = ok;
    }
    drawParallel(); drawCurves(); drawResults(); drawTable();
  }
  // The lines are drawn into an offscreen canvas, 17 paths in all (unselected runs, and 16 colour steps), so that
  // 100,000 runs draw in one pass and a drag only redraws the axes and brushes over that picture.
  var pcLines = null, pcSelected = 0, pcColorAx = null;
  function drawParallel(linesToo) {
    if (!pcAxes.length) { return; }
    var ctx = pcCtx, W = pcCanvas.width, H = pcCanvas.height;
    if (linesToo !== false || !pcLines) {
      pcLines = pcLines || document.createElement('canvas');
      pcLines.width = W; pcLines.height = H;
      var lc = pcLines.getContext('2d');
      lc.fillStyle = '#fff'; lc.fillRect(0, 0, W, H);
      pcColorAx = pcAxes.filter(function (a) { return resultCols.indexOf(a.col) >= 0; })[0] || pcAxes[pcAxes.length - 1];
      var alpha = N > 20000 ? 0.05 : N > 2000 ? 0.15 : 0.6, STEPS = 16;
      var paths = [];
      for (var k = 0; k <= STEPS + 1; k++) { paths.push(new Path2D()); }
      pcSelected = 0;
      for (var r = 0; r < N; r++) {
        var k2;
        if (selected[r]) {
          pcSelected++;
          var cp = pos(pcColorAx, val(r, pcColorAx.col));
          if (cp != null && /accuracy/.test(pcColorAx.col)) { cp = 1 - cp; }  // red is always the worse end
          k2 = cp == null ? STEPS + 1 : 1 + Math.min(STEPS - 1, Math.floor(cp * STEPS));
        } else {
          k2 = 0;
        }
        var path = paths[k2], started = false;
        for (var i = 0; i < pcAxes.length; i++) {
          var p = pos(pcAxes[i], val(r, pcAxes[i].col));
          if (p == null) { started = false; continue; }
          if (!started) { path.moveTo(axisX(i), yPix(p)); started = true; } else { path.lineTo(axisX(i), yPix(p)); }
        }
      }
      lc.strokeStyle = 'rgba(200,200,200,' + Math.min(0.3, alpha) + ')'; lc.stroke(paths[0]);
      lc.strokeStyle = 'rgba(120,120,120,' + alpha + ')'; lc.stroke(paths[STEPS + 1]);
      for (var k3 = 1; k3 <= STEPS; k3++) { lc.strokeStyle = ramp((k3 - 0.5) / STEPS, alpha); lc.stroke(paths[k3]); }
    }
    ctx.drawImage(pcLines, 0, 0);
    var colorAx = pcColorAx, nSel = pcSelected;
    ctx.fillStyle = '#222'; ctx.font = '12px DejaVu Sans, sans-serif'; ctx.textAlign = 'center';
    pcAxes.forEach(function (ax, i) {
      var x = axisX(i);
      ctx.strokeStyle = '#444'; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(x, PC_TOP); ctx.lineTo(x, H - PC_BOTTOM); ctx.stroke();
      ctx.fillText(short(ax.col) + (ax.log ? ' (log)' : ''), x, 14);
      var ticks = ax.numeric ? (ax.distinct ? ax.distinct.map(function (v) { return [pos(ax, v), fmtAxis(v)]; })
          : [0, 0.25, 0.5, 0.75, 1].map(function (p) { var t = ax.lo + p * (ax.hi - ax.lo); return [p, fmtAxis(ax.log ? Math.exp(t) : t)]; }))
        : ax.cats.map(function (c, j) { return [ax.cats.length === 1 ? 0.5 : j / (ax.cats.length - 1), c]; });
      if (ticks.length > 12) { ticks = ticks.filter(function (t, j) { return j % Math.ceil(ticks.length / 12) === 0; }); }
      ctx.textAlign = 'left';
      ticks.forEach(function (t) { ctx.fillText(String(t[1]), x + 4, yPix(t[0]) + 4); });
      ctx.textAlign = 'center';
      var b = brushes[ax.col];
      if (b) { ctx.fillStyle = 'rgba(31,119,180,0.25)'; ctx.fillRect(x - 8, yPix(Math.min(1, b[1])), 16, yPix(Math.max(0, b[0])) - yPix(Math.min(1, b[1]))); ctx.fillStyle = '#222'; }
    });
    $('pc-note').textContent = nSel + ' of ' + N + ' runs selected. Drag along an axis to keep a range (filters the curves, results and table); click an axis to clear its range. Colour: ' + colorAx.col + ' (blue better, red worse).';
  }
  function ramp(p, alpha) { // blue (low) to red (high)
    var r = Math.round(40 + 200 * p), g = Math.round(90 + 60 * (1 - Math.abs(p - 0.5) * 2)), b = Math.round(220 - 190 * p);
    return 'rgba(' + r + ',' + g + ',' + b + ',' + alpha + ')';
  }

  // ---- the runs table
  function constantsLine() {
    var box = $('constants'), empty = [], parts = 0;
    box.appendChild(el('span', {'class': 'muted'}, 'The same in every run: '));
    Object.keys(D.constants).sort().forEach(function (c) {
      var v = D.constants[c];
      if (v == null) { if (c !== 'reason') { empty.push(c); } return; }
      box.appendChild(el('code', null, short(c) + ' = ' + fmt(v))); parts++;
    });
    if (empty.length) { box.appendChild(el('div', {'class': 'muted'}, 'Empty in every run: ' + empty.join(', '))); }
  }
  function drawTable() {
    var filter = ($('t-filter').value || '').toLowerCase();
    var idx = [];
    for (var r = 0; r < N; r++) {
      if (!selected[r]) { continue; }
      if (filter && rows[r].map(function (v) { return v == null ? '' : String(v); }).join(' ').toLowerCase().indexOf(filter) < 0) { continue; }
      idx.push(r);
    }
    var sc = state.sort, dir = state.sortDir || 1;
    if (sc != null && sc in colIndex) {
      var ci = colIndex[sc];
      idx.sort(function (a, b) {
        var x = rows[a][ci], y = rows[b][ci];
        if (x == null) { return y == null ? 0 : 1; } if (y == null) { return -1; }
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0) * dir;
      });
    }
    var table = el('table', {'class': 'runs'}), hr = el('tr');
    var shownCols = cols.filter(function (c) { return c === 'run_id' || c === 'status' || c === 'reason'; })
      .concat(cols.filter(function (c) { return c !== 'run_id' && c !== 'status' && c !== 'reason'; }));
    shownCols.forEach(function (c) {
      var th = el('th', {title: 'sort by ' + c}, short(c) + (sc === c ? (dir > 0 ? ' ▲' : ' ▼') : ''));
      th.onclick = function () { state.sortDir = state.sort === c ? -(state.sortDir || 1) : 1; state.sort = c; saveState(); drawTable(); };
      hr.appendChild(th);
    });
    table.appendChild(hr);
    idx.slice(0, MAX_ROWS).forEach(function (r) {
      var st = val(r, 'status'), tr = el('tr', {'class': st === 'done' ? '' : st});
      shownCols.forEach(function (c) { var v = rows[r][colIndex[c]]; tr.appendChild(el('td', {'class': typeof v === 'number' ? '' : 'text'}, fmt(v))); });
      tr.onclick = function () { showProvenance(r); };
      table.appendChild(tr);
    });
    var wrap = $('t-wrap'); wrap.innerHTML = ''; wrap.appendChild(table);
    $('t-count').textContent = idx.length + ' of ' + N + ' runs' + (idx.length > MAX_ROWS ? ' (first ' + MAX_ROWS + ' shown; sort or filter for others)' : '') +
      '. Click a row for its provenance; click a header to sort.';
    lastTableRows = idx;
  }
  var lastTableRows = [];
  function csvCell(v) { var s = v == null ? '' : String(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
  function downloadCsv() {
    var all = D.all_columns;
    var lines = [all.join(',')];
    lastTableRows.forEach(function (r) { lines.push(all.map(function (c) { return csvCell(val(r, c)); }).join(',')); });
    var a = el('a', {download: D.title + '-runs.csv', href: URL.createObjectURL(new Blob([lines.join('\n') + '\n'], {type: 'text/csv'}))});
    document.body.appendChild(a); a.click(); a.remove();
  }
  function showProvenance(r) {
    var box = $('prov'); box.innerHTML = '';
    var close = el('button', null, 'close'); close.onclick = function () { box.style.display = 'none'; }; box.appendChild(close);
    box.appendChild(el('h2', null, 'Run ' + val(r, 'run_id')));
    var reason = val(r, 'reason');
    if (reason) { box.appendChild(el('p', null, val(r, 'status') + ': ' + reason)); }
    var t = el('table');
    function row(k, v) { var tr = el('tr'); tr.appendChild(el('td', null, k)); tr.appendChild(el('td', null, typeof v === 'object' && v !== null ? JSON.stringify(v) : fmt(v))); t.appendChild(tr); }
    var any = false;
    Object.keys(D.provenance).forEach(function (f) {
      var p = D.provenance[f], i = p.index[r];
      if (i >= 0) { row(f, p.values[i]); any = true; }
    });
    if (!any) { row('provenance', 'none recorded (no provenance.json)'); }
    t.appendChild(el('tr', null)).appendChild(el('td', {colspan: 2}, ' '));
    D.all_columns.forEach(function (c) { row(c, val(r, c)); });
    box.appendChild(t); box.style.display = 'block';
  }

  // ---- fits
  function drawFits() {
    var box = $('fits');
    if (!D.fits.length) { box.style.display = 'none'; return; }
    D.fits.forEach(function (f) {
      box.appendChild(el('h2', null, 'Scaling fit: ' + f.file));
      if (f.error) { box.appendChild(el('p', null, f.error)); return; }
      var fit = f.fit;
      if (fit.formula) { box.appendChild(el('p', null, (fit.form ? fit.form + ': ' : '') + fit.formula +
        (fit.data && fit.data.points != null ? ' — fitted to ' + fit.data.points + ' points' : ''))); }
      if (fit.parameters) {
        var conf = fit.settings && fit.settings.confidence ? Math.round(fit.settings.confidence * 100) + '% interval' : 'interval';
        var t = el('table', {'class': 'slopes'}), hr = el('tr');
        ['parameter', 'value', conf + ' (bootstrap)'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
        t.appendChild(hr);
        Object.keys(fit.parameters).forEach(function (k) {
          var p = fit.parameters[k], tr = el('tr');
          tr.appendChild(el('td', null, k));
          tr.appendChild(el('td', null, fmt(p && typeof p === 'object' ? p.value : p)));
          tr.appendChild(el('td', null, p && p.lo != null ? '[' + fmt(p.lo) + ', ' + fmt(p.hi) + ']' : ''));
          t.appendChild(tr);
        });
        box.appendChild(t);
      }
      var det = el('details'); det.appendChild(el('summary', null, 'the whole fit document'));
      det.appendChild(el('pre', null, JSON.stringify(fit, null, 2))); box.appendChild(det);
    });
  }

  function main() {
    header();
    constantsLine();
    $('t-filter').oninput = drawTable;
    $('t-csv').onclick = downloadCsv;
    setupParallel();
    brushFromHash();
    drawFits();
    applyBrushes(); // draws the parallel coordinates, curves, results and table
    if (/hover/.test(location.hash || '')) {  // #hover: point at the middle of each plot (for screenshots and tests)
      Array.prototype.forEach.call(document.querySelectorAll('.u-over'), function (o) {
        var b = o.getBoundingClientRect();
        o.dispatchEvent(new MouseEvent('mousemove', {clientX: b.left + b.width * 0.6, clientY: b.top + b.height * 0.5, bubbles: true}));
      });
    }
    var runInLink = /run=([^&]*)/.exec(decodeURIComponent(location.hash || ''));  // #run=ID opens its provenance
    if (runInLink) {
      var found = -1;
      for (var r = 0; r < N; r++) { if (val(r, 'run_id') === runInLink[1]) { found = r; } }
      if (found >= 0) { showProvenance(found); } else { noteError('#run: no run ' + runInLink[1]); }
    }

    if (D.watch > 0) { setTimeout(function () { location.reload(); }, D.watch * 1000); }
    var res = (performance.getEntriesByType && performance.getEntriesByType('resource')) || [];
    document.body.setAttribute('data-resources', String(res.length));
    document.body.setAttribute('data-errors', String(errors.length));
    document.body.setAttribute('data-error-text', errors.join(' | '));
    document.body.setAttribute('data-report-ready', '1');
  }
  function fail(e) { noteError(e && e.stack ? e.stack : e); document.body.setAttribute('data-error-text', errors.join(' | ')); document.body.setAttribute('data-report-ready', 'failed'); }
  function load() {
    var node = document.getElementById('report-data');
    if (node.getAttribute('data-encoding') !== 'gzip-base64') { return Promise.resolve(JSON.parse(node.textContent)); }
    // large reports: gzip + base64, inflated by the browser itself
    var bin = atob(node.textContent.replace(/\s+/g, '')), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  load().then(function (d) { D = d; init(); main(); }).catch(fail);
})();
