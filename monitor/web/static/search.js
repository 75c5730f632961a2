// Progressive touches only: the page works without them.
(function () {
  const q = document.getElementById("q");
  if (!q) return;
  // "/" focuses the search box, as on most search sites
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== q) { e.preventDefault(); q.focus(); q.select(); }
  });
  // on small screens, fold the facet groups so results come first
  if (window.matchMedia("(max-width: 700px)").matches) {
    document.querySelectorAll(".facets details").forEach(function (d) { d.open = false; });
  }
})();
