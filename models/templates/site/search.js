/* Floor's published site: the search page. Runs from a folder (file://) as from a web host: the documents
   come from search-index.js (a script setting window.FLOOR_SEARCH_DOCUMENTS), the index is built here with
   MiniSearch (assets/minisearch.js). Results are written as text (textContent), never as markup. */
(function () {
  "use strict";
  var documents = window.FLOOR_SEARCH_DOCUMENTS || [];
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var field = document.getElementById("site-q");
  if (!status || !list || !field || typeof MiniSearch === "undefined") { return; }

  function fold(term) {  // accents and case ignored: "identificación" finds "identification"
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var index = new MiniSearch({
    fields: ["title", "text"],
    storeFields: ["url", "title", "where", "excerpt"],
    processTerm: fold,
    searchOptions: { prefix: true, fuzzy: 0.2, combineWith: "AND", boost: { title: 2 } }
  });
  index.addAll(documents);

  function safeUrl(url) {  // only the site's own pages: "meeting-X.html#anchor", "series-X.html#anchor"
    return /^[A-Za-z0-9._-]+\.html(#[A-Za-z0-9_-]*)?$/.test(url) ? url : "index.html";
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = "Type words in the search field above."; return; }
    var hits = index.search(query);
    status.textContent = hits.length === 0 ? "Nothing found for \u201c" + query + "\u201d."
      : hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d.";
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = safeUrl(hit.url);
      link.textContent = hit.title;
      var where = document.createElement("p");
      where.className = "where";
      where.textContent = hit.where;
      var excerpt = document.createElement("p");
      excerpt.textContent = hit.excerpt;
      item.appendChild(link);
      item.appendChild(where);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  field.value = query;
  show(query);
}());
