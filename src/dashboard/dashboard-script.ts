/**
 * The page's own script, plain browser JavaScript kept as text: the project compiles without DOM types,
 * and the page must run from `file://`, where a classic inline script is the one kind that always loads.
 * It expects `Chart` (chart.js UMD) and the filter functions of src/tracking/filter to be defined first.
 */
export const DASHBOARD_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var runs = data.runs;
  var COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  var historyCharts = [];
  var byId = function (id) { return document.getElementById(id); };
  var fmt = function (value) {
    if (value === undefined || value === null) return "";
    return Number.isInteger(value) ? String(value) : value.toFixed(4);
  };
  var day = function (ms) { return new Date(ms).toISOString().slice(0, 10); };

  function renderTable(rows) {
    var body = byId("runs-body");
    body.replaceChildren();
    rows.forEach(function (run) {
      var tr = document.createElement("tr");
      tr.dataset.run = run.name;
      [
        run.name, run.date.slice(0, 16).replace("T", " "), run.branch, run.kind, run.promoted ? "yes" : "no",
        fmt(run.metrics.test_mae), fmt(run.metrics.skill_vs_naive), fmt(run.metrics.test_hit_rate),
        (run.dataVersion || "").slice(0, 8), run.commit ? run.commit.slice(0, 12) : "(no tag)"
      ].forEach(function (text, column) {
        var td = document.createElement("td");
        td.textContent = text;
        if (column >= 5 && column <= 7) td.className = "num";
        tr.append(td);
      });
      body.append(tr);
    });
    byId("runs-count").textContent = rows.length + " of " + runs.length + " runs";
  }

  function renderHistory(rows) {
    historyCharts.splice(0).forEach(function (chart) { chart.destroy(); });
    var container = byId("history");
    container.replaceChildren();
    var metric = byId("metric").value;
    var branches = Array.from(new Set(runs.map(function (run) { return run.branch; }))).sort();
    branches.forEach(function (branch) {
      var points = rows
        .filter(function (run) { return run.branch === branch && run.metrics[metric] !== undefined; })
        .sort(function (a, b) { return a.version - b.version; });
      var figure = document.createElement("figure");
      figure.className = "chart";
      figure.dataset.branch = branch;
      var caption = document.createElement("figcaption");
      caption.textContent = branch + ": " + metric + " by version (" + points.length + " shown; green = promoted)";
      var holder = document.createElement("div");
      holder.className = "canvas-holder";
      var canvas = document.createElement("canvas");
      holder.append(canvas);
      figure.append(caption, holder);
      container.append(figure);
      historyCharts.push(new Chart(canvas, {
        type: "line",
        data: {
          labels: points.map(function (run) { return "v" + run.version; }),
          datasets: [{
            label: metric,
            data: points.map(function (run) { return run.metrics[metric]; }),
            borderColor: "#4e79a7",
            pointBackgroundColor: points.map(function (run) { return run.promoted ? "#59a14f" : "#e15759"; }),
            pointRadius: 5,
            tension: 0
          }]
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { afterLabel: function (item) { var run = points[item.dataIndex]; return run.date.slice(0, 10) + (run.promoted ? ", promoted" : ", not promoted"); } } }
          }
        }
      }));
    });
  }

  var versionLabels = {
    id: "versionLabels",
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      chart.getDatasetMeta(0).data.forEach(function (bar, index) {
        var era = chart.data.datasets[0].data[index];
        var box = bar.getProps(["x", "base"], true);
        context.save();
        context.fillStyle = "#fff";
        context.font = "12px sans-serif";
        context.textBaseline = "middle";
        context.fillText("v" + era.version, Math.min(box.x, box.base) + 4, bar.y);
        context.restore();
      });
    }
  };

  function renderTimeline() {
    var now = Date.parse(data.generatedAt);
    var eras = [];
    data.champions.forEach(function (entry) {
      entry.history.forEach(function (era) {
        eras.push({ x: [Date.parse(era.since), era.until ? Date.parse(era.until) : now], y: entry.branch, version: era.version, reason: era.reason, since: era.since, until: era.until });
      });
    });
    byId("timeline-empty").hidden = eras.length > 0;
    if (eras.length === 0) return;
    new Chart(byId("timeline"), {
      type: "bar",
      data: {
        labels: data.champions.map(function (entry) { return entry.branch; }),
        datasets: [{
          label: "champion",
          data: eras,
          backgroundColor: eras.map(function (era) { return COLORS[era.version % COLORS.length]; }),
          borderSkipped: false,
          barPercentage: 0.7
        }]
      },
      options: {
        indexAxis: "y",
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: "linear", min: Math.min.apply(null, eras.map(function (era) { return era.x[0]; })), max: now, ticks: { callback: function (value) { return day(value); } } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { var era = item.raw; return "v" + era.version + ": " + era.since.slice(0, 10) + " to " + (era.until ? era.until.slice(0, 10) : "now") + " (" + era.reason + ")"; } } }
        }
      },
      plugins: [versionLabels]
    });
  }

  function renderLeaderboard() {
    var target = byId("leaderboard");
    if (!data.leaderboard) {
      target.textContent = "No reports/leaderboard.md on the trading branch yet.";
      return;
    }
    var lines = data.leaderboard.split("\n");
    var inFence = false;
    var table = null;
    lines.forEach(function (line) {
      if (/^\s*` + "```" + String.raw`/.test(line)) { inFence = !inFence; table = null; return; }
      if (inFence) return;
      if (/^\s*\|/.test(line)) {
        var cells = line.trim().replace(/^\||\|$/g, "").split("|").map(function (cell) { return cell.trim(); });
        if (cells.every(function (cell) { return /^:?-+:?$/.test(cell); })) return;
        if (!table) { table = document.createElement("table"); target.append(table); }
        var tr = document.createElement("tr");
        cells.forEach(function (cell) {
          var td = document.createElement(table.rows.length === 0 ? "th" : "td");
          td.textContent = cell.replace(/\*\*/g, "");
          tr.append(td);
        });
        table.append(tr);
        return;
      }
      table = null;
      if (line.trim() === "") return;
      var heading = /^(#+)\s+(.*)$/.exec(line);
      var element = document.createElement(heading ? "h3" : "p");
      element.textContent = heading ? heading[2] : line;
      target.append(element);
    });
  }

  function applyFilter() {
    var input = byId("filter");
    var clauses;
    try {
      clauses = parseFilter(input.value);
    } catch (error) {
      byId("filter-error").textContent = error.message;
      input.setAttribute("aria-invalid", "true");
      return;
    }
    byId("filter-error").textContent = "";
    input.removeAttribute("aria-invalid");
    var rows = runs.filter(function (run) { return runMatches(run.search, clauses); });
    renderTable(rows);
    renderHistory(rows);
  }

  var metrics = Array.from(new Set(runs.flatMap(function (run) { return Object.keys(run.metrics); }))).sort();
  var select = byId("metric");
  metrics.forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    option.textContent = name;
    select.append(option);
  });
  select.value = metrics.indexOf("test_mae") >= 0 ? "test_mae" : metrics[0] || "";
  byId("generated").textContent = "Generated " + data.generatedAt.slice(0, 16).replace("T", " ") + " UTC from git: " + runs.length + " runs on " + data.champions.length + " branches.";
  byId("filter").addEventListener("input", applyFilter);
  select.addEventListener("change", applyFilter);
  renderTimeline();
  renderLeaderboard();
  applyFilter();
  document.body.dataset.ready = "true";
})();
`;
