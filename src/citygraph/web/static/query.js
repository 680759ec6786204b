// The query page: run the editor's query against /sparql and show the results as a table.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query-text");
  const status = document.getElementById("query-status");
  const results = document.getElementById("query-results");
  const base = form.dataset.base;

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(base) ? "/" + term.value.slice(base.length) : term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function table(json) {
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    const vars = json.head.vars || [];
    for (const name of vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const binding of json.results.bindings) {
      const row = body.insertRow();
      for (const name of vars) row.appendChild(cell(binding[name]));
    }
    return t;
  }

  async function run(event) {
    if (event) event.preventDefault();
    status.className = "";
    status.textContent = form.dataset.running;
    results.replaceChildren();
    const response = await fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: editor.value }),
    });
    const text = await response.text();
    if (!response.ok) {
      status.className = "error";
      status.textContent = form.dataset.error + " (" + response.status + "): " + text;
      return;
    }
    const json = JSON.parse(text);
    if ("boolean" in json) {
      status.textContent = String(json.boolean);
      return;
    }
    results.appendChild(table(json));
    status.textContent = json.results.bindings.length + " " + form.dataset.rows;
  }

  form.addEventListener("submit", (event) => run(event).catch((error) => {
    status.className = "error";
    status.textContent = form.dataset.error + ": " + error;
  }));
  for (const button of document.querySelectorAll(".use-example")) {
    button.addEventListener("click", () => {
      editor.value = button.dataset.query;
      editor.focus();
      form.requestSubmit();
    });
  }
})();
