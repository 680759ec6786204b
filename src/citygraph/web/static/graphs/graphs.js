// citygraph network views: the graph (vis-network), the map (SVG) and their filters.
"use strict";

const palette = (keys) => Object.fromEntries(
  keys.map((k, i) => [k, `hsl(${Math.round((i * 360) / Math.max(keys.length, 1))}, 65%, 50%)`]));

function filterParams() {
  const form = document.getElementById("filters");
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
  return params;
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// ---------------------------------------------------------------- graph view

function visData(data, colours) {
  const nodes = data.elements.nodes.map(({ data: d, position }) => ({
    id: d.id, label: d.label, x: position.x, y: position.y, kind: d.kind, slug: d.slug,
    shape: d.kind === "network" ? "square" : "dot",
    size: d.kind === "network" ? 14 + Math.sqrt(d.members || 1) * 2 : 5 + 3 * (d.networks || 1),
    color: d.kind === "network" ? "#888" : colours[d.country] || "#ccc",
    title: d.kind === "network" ? `${d.label}: ${d.members} members`
      : `${d.label} (${d.country || "?"}): ${d.networks} networks`,
  }));
  const edges = data.elements.edges.map(({ data: d }) => ({
    from: d.source, to: d.target, title: [d.role, d.start].filter(Boolean).join(", "),
  }));
  return { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) };
}

function graphView(el) {
  const network = new vis.Network(el, { nodes: [], edges: [] }, {
    physics: false, interaction: { hover: true, tooltipDelay: 100 },
    nodes: { font: { size: 11 }, borderWidth: 1 }, edges: { color: { opacity: 0.3 } },
  });
  network.on("afterDrawing", () => { el.dataset.drawn = network.body.nodeIndices.length; });
  network.on("click", ({ nodes }) => {
    if (!nodes.length) return;
    const node = network.body.data.nodes.get(nodes[0]);
    window.location.href = (node.kind === "city" ? el.dataset.city : el.dataset.network) + node.slug;
  });
  async function load() {
    delete el.dataset.drawn;
    setStatus("loading…");
    const data = await fetchJson(`${el.dataset.src}?${filterParams()}`);
    const colours = palette(data.choices.countries);
    network.setData(visData(data, colours));
    network.fit();
    setStatus(`${data.elements.nodes.length} nodes, ${data.elements.edges.length} links`);
  }
  document.getElementById("filters").addEventListener("change", load);
  window.citygraphGraph = network;
  load().catch((err) => setStatus(err.message));
}

// ---------------------------------------------------------------- map view

const SVG = "http://www.w3.org/2000/svg";
const project = ([lon, lat]) => [(lon * Math.cos((50 * Math.PI) / 180)).toFixed(2), (-lat).toFixed(2)];

function ring(points) {
  return "M" + points.map((p) => project(p).join(",")).join("L") + "Z";
}

function countryPath(feature) {
  const g = feature.geometry;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", polygons.map((rings) => rings.map(ring).join("")).join(""));
  path.setAttribute("class", "country");
  path.appendChild(document.createElementNS(SVG, "title")).textContent = feature.properties.name;
  return path;
}

function panZoom(svg) {
  let drag = null;
  const box = () => svg.viewBox.baseVal;
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const b = box(), f = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const r = svg.getBoundingClientRect();
    const px = b.x + ((event.clientX - r.left) / r.width) * b.width;
    const py = b.y + ((event.clientY - r.top) / r.height) * b.height;
    svg.setAttribute("viewBox", [px - (px - b.x) * f, py - (py - b.y) * f, b.width * f, b.height * f].join(" "));
  }, { passive: false });
  svg.addEventListener("pointerdown", (e) => { drag = [e.clientX, e.clientY]; });
  svg.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const b = box(), r = svg.getBoundingClientRect();
    b.x -= ((e.clientX - drag[0]) / r.width) * b.width;
    b.y -= ((e.clientY - drag[1]) / r.height) * b.height;
    drag = [e.clientX, e.clientY];
  });
}

async function mapView(svg) {
  svg.setAttribute("viewBox", "-16 -71 60 37");
  const countries = svg.appendChild(document.createElementNS(SVG, "g"));
  const cities = svg.appendChild(document.createElementNS(SVG, "g"));
  const outlines = await fetchJson(svg.dataset.countries);
  outlines.features.forEach((f) => countries.appendChild(countryPath(f)));
  async function load() {
    setStatus("loading…");
    const { cities: list } = await fetchJson(`${svg.dataset.src}?${filterParams()}`);
    const colours = palette([...new Set(list.map((c) => c.country))].sort());
    cities.replaceChildren(...list.map((c) => {
      const link = document.createElementNS(SVG, "a");
      link.setAttribute("href", svg.dataset.city + c.slug);
      const dot = link.appendChild(document.createElementNS(SVG, "circle"));
      const [x, y] = project([c.lon, c.lat]);
      Object.entries({ cx: x, cy: y, r: 0.12 + 0.06 * (c.networks || 1), class: "city",
        fill: colours[c.country] }).forEach(([k, v]) => dot.setAttribute(k, v));
      dot.appendChild(document.createElementNS(SVG, "title")).textContent =
        `${c.label} (${c.country}): ${c.networks} networks`;
      return link;
    }));
    svg.dataset.drawn = list.length;
    setStatus(`${list.length} cities`);
  }
  document.getElementById("filters").addEventListener("change", load);
  panZoom(svg);
  await load();
}

const graphEl = document.getElementById("graph");
if (graphEl) graphView(graphEl);
const mapEl = document.getElementById("map");
if (mapEl) mapView(mapEl).catch((err) => setStatus(err.message));
