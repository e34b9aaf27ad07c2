/* global document, window, Chart */
// Draws each chart the page describes in a <script type="application/json" data-chart="ID"> element onto the
// <canvas id="ID"> beside it. Each series gets a colour from the Okabe–Ito palette (safe for colour-blind readers)
// and, so that none depends on colour, a fill pattern, a point style and a line dash of its own.
(function () {
  'use strict';
  var COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999'];
  var POINTS = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot', 'cross', 'rectRounded', 'line'];
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 5], [4, 4], [12, 2], [3, 6]];
  var PATTERNS = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'backslash', 'grid', 'zigzag'];

  function pattern(kind, colour) {
    var size = 10;
    var c = document.createElement('canvas');
    c.width = size;
    c.height = size;
    var g = c.getContext('2d');
    g.fillStyle = colour;
    g.globalAlpha = kind === 'solid' ? 0.85 : 0.35;
    g.fillRect(0, 0, size, size);
    g.globalAlpha = 1;
    g.strokeStyle = '#000000';
    g.fillStyle = '#000000';
    g.lineWidth = 1.5;
    g.beginPath();
    if (kind === 'diagonal') { g.moveTo(0, size); g.lineTo(size, 0); }
    else if (kind === 'backslash') { g.moveTo(0, 0); g.lineTo(size, size); }
    else if (kind === 'cross') { g.moveTo(0, size); g.lineTo(size, 0); g.moveTo(0, 0); g.lineTo(size, size); }
    else if (kind === 'horizontal') { g.moveTo(0, size / 2); g.lineTo(size, size / 2); }
    else if (kind === 'vertical') { g.moveTo(size / 2, 0); g.lineTo(size / 2, size); }
    else if (kind === 'grid') { g.moveTo(0, size / 2); g.lineTo(size, size / 2); g.moveTo(size / 2, 0); g.lineTo(size / 2, size); }
    else if (kind === 'zigzag') { g.moveTo(0, size * 0.7); g.lineTo(size / 2, size * 0.3); g.lineTo(size, size * 0.7); }
    else if (kind === 'dots') { g.arc(size / 2, size / 2, 1.6, 0, Math.PI * 2); g.fill(); }
    g.stroke();
    return g.createPattern(c, 'repeat');
  }

  function money(v) { return '$' + Number(v).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 4 : 2); }
  function pct(v) { return Math.round(v * 100) + ' %'; }

  function dataset(spec, series, i) {
    var colour = COLOURS[i % COLOURS.length];
    var line = spec.type === 'line' || series.asLine;
    return {
      type: line ? 'line' : 'bar',
      label: series.label,
      data: series.data,
      backgroundColor: line ? colour : pattern(PATTERNS[i % PATTERNS.length], colour),
      borderColor: line ? colour : '#000000',
      borderWidth: 1,
      borderDash: DASHES[i % DASHES.length],
      pointStyle: POINTS[i % POINTS.length],
      pointRadius: line ? 5 : 3,
      showLine: line,
      fill: false,
      stack: spec.stacked && !line ? 'stack' : undefined,
      order: line ? 0 : 1,
    };
  }

  function draw(holder) {
    var id = holder.getAttribute('data-chart');
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === 'undefined') return;
    var spec = JSON.parse(holder.textContent);
    var format = spec.percent ? pct : spec.money ? money : function (v) { return String(v); };
    var valueAxis = spec.horizontal ? 'x' : 'y';
    var scales = {};
    scales[valueAxis] = { stacked: !!spec.stacked, beginAtZero: true, title: { display: true, text: spec.yTitle }, ticks: { callback: format } };
    if (spec.percent) scales[valueAxis].max = 1;
    scales[valueAxis === 'x' ? 'y' : 'x'] = { stacked: !!spec.stacked };
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.series.map(function (s, i) { return dataset(spec, s, i); }) },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { labels: { usePointStyle: false, color: '#1b1f24' } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.raw;
                return ctx.dataset.label + ': ' + (Array.isArray(v) ? format(v[0]) + '–' + format(v[1]) : format(v));
              },
            },
          },
        },
      },
    });
    canvas.setAttribute('data-drawn', 'true');
    window.punchlistCharts = (window.punchlistCharts || []).concat([chart]);
  }

  function start() {
    var holders = document.querySelectorAll('script[type="application/json"][data-chart]');
    for (var i = 0; i < holders.length; i++) draw(holders[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
