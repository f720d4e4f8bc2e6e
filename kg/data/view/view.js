/* kg view: the page script (inlined by kg/views.py after vis-network).
 *
 * All report text (names, aliases, sentences, document names) comes from the JSON
 * block #kg-data and is put on the page with textContent only: never innerHTML,
 * never a vis "title" tooltip (vis may treat a title string as HTML).
 */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var info = data.info;
  var typeStyle = {};
  data.types.forEach(function (t) { typeStyle[t.type] = t; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var edgesOf = {};
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e.id);
    if (e.to !== e.from) (edgesOf[e.to] = edgesOf[e.to] || []).push(e.id);
  });
  var MAX_FACTS = 200;

  // ---- small DOM helpers: text only -----------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---- legend and type filters ------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function polygon(n, r, rot, inner) {
    var pts = [];
    var count = inner ? n * 2 : n;
    for (var i = 0; i < count; i++) {
      var rad = inner && i % 2 ? inner : r;
      var a = rot + (i * 2 * Math.PI) / count;
      pts.push((8 + rad * Math.cos(a)).toFixed(2) + "," + (8 + rad * Math.sin(a)).toFixed(2));
    }
    return pts.join(" ");
  }
  var POINTS = {
    square: polygon(4, 7.5, Math.PI / 4),
    diamond: polygon(4, 7.5, 0),
    triangle: polygon(3, 7.5, -Math.PI / 2),
    hexagon: polygon(6, 7, 0),
    star: polygon(5, 7.5, -Math.PI / 2, 3.2)
  };
  function icon(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var mark;
    if (POINTS[shape]) {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", POINTS[shape]);
    } else {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", "8"); mark.setAttribute("cy", "8"); mark.setAttribute("r", "6");
    }
    mark.setAttribute("fill", color);
    mark.setAttribute("stroke", "#33415580");
    svg.appendChild(mark);
    return svg;
  }
  var hiddenTypes = {};
  function setTypeVisible(type, visible) {
    hiddenTypes[type] = !visible;
    var box = document.querySelector('#kg-legend input[data-type="' + type + '"]');
    if (box) box.checked = visible;
    var changes = nodes.getIds({ filter: function (n) { return n.group === type; } })
      .map(function (id) { return { id: id, hidden: !visible }; });
    nodes.update(changes);
  }
  function buildLegend() {
    var legend = document.getElementById("kg-legend");
    data.types.forEach(function (t) {
      var label = el("label");
      label.title = t.type;
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-type", t.type);
      box.addEventListener("change", function () { setTypeVisible(t.type, box.checked); });
      label.appendChild(box);
      label.appendChild(icon(t.shape, t.color));
      label.appendChild(el("span", null, t.label));
      label.appendChild(el("span", "kg-count", "(" + t.count + ")"));
      legend.appendChild(label);
    });
  }

  // ---- search: same keys as kg.names.normalize_name ---------------------------
  // mirrors kg/names.py: traditional → simplified (per-character map made by
  // OpenCC in Python), NFKC, no white space / quotes / brackets, no leading mask.
  var STRIP = /[\s"'“”‘’《》〈〉「」『』()（）\[\]【】]/g;
  var MASK = /^[xX*＊×]+/;
  function normalise(text) {
    var simplified = Array.from(text).map(function (c) { return data.t2s[c] || c; }).join("");
    return simplified.normalize("NFKC").replace(STRIP, "").replace(MASK, "").toLowerCase();
  }
  function search(query, limit) {
    var q = normalise(query);
    if (!q) return [];
    var hits = [];
    Object.keys(info).forEach(function (id) {
      var best = 3;
      info[id].keys.forEach(function (k) {
        var score = k === q ? 0 : k.indexOf(q) === 0 ? 1 : k.indexOf(q) > 0 ? 2 : 3;
        if (score < best) best = score;
      });
      if (best < 3) hits.push({ id: id, score: best });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || info[b.id].degree - info[a.id].degree ||
        (info[a.id].name < info[b.id].name ? -1 : info[a.id].name > info[b.id].name ? 1 : 0);
    });
    return hits.slice(0, limit || 12).map(function (h) { return h.id; });
  }
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var active = -1;
  function showResults(ids) {
    clear(results);
    active = ids.length ? 0 : -1;
    ids.forEach(function (id, i) {
      var li = el("li", i === 0 ? "active" : "");
      li.setAttribute("data-id", id);
      li.appendChild(icon(typeStyle[info[id].type].shape, typeStyle[info[id].type].color));
      li.appendChild(el("span", null, info[id].name));
      var other = info[id].aliases.filter(function (a) { return a !== info[id].name; });
      if (other.length) li.appendChild(el("span", "kg-sub", other.join("、")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    results.hidden = ids.length === 0;
  }
  function moveActive(step) {
    var items = results.querySelectorAll("li");
    if (!items.length) return;
    if (active >= 0) items[active].classList.remove("active");
    active = (active + step + items.length) % items.length;
    items[active].classList.add("active");
  }
  function choose(id) {
    results.hidden = true;
    input.value = info[id].name;
    selectNode(id);
  }
  input.addEventListener("input", function () { showResults(search(input.value)); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { moveActive(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { moveActive(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; }
    else if (ev.key === "Enter") {
      var items = results.querySelectorAll("li");
      var id = items.length && active >= 0 ? items[active].getAttribute("data-id") : search(input.value, 1)[0];
      if (id) choose(id);
      ev.preventDefault();
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });

  // ---- side panel ---------------------------------------------------------------
  var panel = document.getElementById("kg-panel");
  var body = document.getElementById("kg-panel-body");
  document.getElementById("kg-panel-close").addEventListener("click", function () {
    panel.hidden = true;
    network.unselectAll();
  });
  function nodeLink(id) {
    var button = el("button", "kg-link", info[id] ? info[id].name : id);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id); });
    return button;
  }
  function section(title, items) {
    if (!items.length) return;
    body.appendChild(el("h3", null, title));
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", null, item)); });
    body.appendChild(ul);
  }
  function factAttrs(f) {
    var parts = [];
    Object.keys(data.fields).forEach(function (k) {
      if (f[k] === undefined) return;
      var v = k === "level" ? (data.levels[f[k]] || f[k]) : f[k];
      parts.push(data.fields[k] + " " + v);
    });
    if (f.value_yuan !== undefined) parts.push("≈ " + Number(f.value_yuan).toLocaleString("zh-CN") + " 元");
    return parts.join(" · ");
  }
  function factBlock(f, here) {
    var box = el("div", "kg-fact");
    var head = el("div", "kg-fact-head");
    head.appendChild(f.s === here ? el("span", null, info[f.s].name) : nodeLink(f.s));
    var arrow = data.symmetric.indexOf(f.p) >= 0 ? " ↔ " : " → ";
    head.appendChild(el("span", null, " — " + (data.predicates[f.p] || f.p) + arrow));
    head.appendChild(f.t === here ? el("span", null, info[f.t].name) : nodeLink(f.t));
    box.appendChild(head);
    var attrs = factAttrs(f);
    if (attrs) box.appendChild(el("div", "kg-fact-attrs", attrs));
    box.appendChild(el("blockquote", "kg-sentence", f.sentence));
    box.appendChild(el("div", "kg-doc", "来源：" + f.doc));
    return box;
  }
  function factList(title, edgeIds, here) {
    var facts = [];
    edgeIds.forEach(function (eid) { facts = facts.concat(data.facts[eid] || []); });
    body.appendChild(el("h3", null, title + "（" + facts.length + "）"));
    facts.slice(0, MAX_FACTS).forEach(function (f) { body.appendChild(factBlock(f, here)); });
    if (facts.length > MAX_FACTS) body.appendChild(el("p", "kg-more", "另有 " + (facts.length - MAX_FACTS) + " 条未列出"));
  }
  function openPanel() {
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function showNode(id) {
    var n = info[id];
    if (!n) return;
    clear(body);
    body.appendChild(el("h2", null, n.name));
    var badge = el("span", "kg-badge", typeStyle[n.type].label + " · " + n.type);
    badge.style.background = typeStyle[n.type].color;
    body.appendChild(badge);
    section("别名", n.aliases.filter(function (a) { return a !== n.name; }));
    section("来源文档", n.docs);
    factList("关系与证据", edgesOf[id] || [], id);
    openPanel();
  }
  function showEdge(eid) {
    var facts = data.facts[eid];
    if (!facts) return;
    clear(body);
    var f = facts[0];
    var arrow = data.symmetric.indexOf(f.p) >= 0 ? " ↔ " : " → ";
    body.appendChild(el("h2", null, info[f.s].name + " — " + (data.predicates[f.p] || f.p) + arrow + info[f.t].name));
    factList("事实与证据", [eid], null);
    openPanel();
  }
  function selectNode(id) {
    if (!info[id]) return;
    if (hiddenTypes[info[id].type]) setTypeVisible(info[id].type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    showNode(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else panel.hidden = true;
  });

  // ---- start ----------------------------------------------------------------------
  buildLegend();
  var api = {
    network: network, nodes: nodes, edges: edges, data: data, search: search, normalise: normalise,
    selectNode: selectNode, showNode: showNode, showEdge: showEdge, setTypeVisible: setTypeVisible,
    ready: false, readyMs: null
  };
  window.kgView = api;
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyMs = performance.now() - started;
  });
  if (data.focus) selectNode(data.focus);
  else network.fit({ animation: false });
})();
