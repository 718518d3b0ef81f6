// Render the explorable figures of a page with BokehJS, which the site serves
// itself. Each figure is a <div class="dlhw-explore"> followed by its Bokeh
// JSON in <script type="application/json" class="dlhw-explore-data">; the
// figure's own callbacks do the rest (dlhw/explore.py).
(function () {
  "use strict";
  function render() {
    if (typeof Bokeh === "undefined") {
      return;
    }
    // Bokeh reports each render at "info" level; keep the console for problems.
    Bokeh.set_log_level("warn");
    document.querySelectorAll("script.dlhw-explore-data").forEach(function (data) {
      var item = JSON.parse(data.textContent);
      Bokeh.embed.embed_item(item, item.target_id);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
