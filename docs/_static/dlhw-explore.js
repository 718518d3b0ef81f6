// Render the explorable figures of a page with BokehJS, which the site serves
// itself. Each figure is a <div class="dlhw-explore"> followed by its Bokeh
// JSON in <script type="application/json" class="dlhw-explore-data">; the
// figure's own callbacks do the rest (dlhw/explore.py).
(function () {
  "use strict";

  // Every element matching `selector` under `root`, inside shadow roots too
  // (Bokeh draws each widget in a shadow root of its own).
  function deepAll(root, selector, found) {
    found = found || [];
    root.querySelectorAll(selector).forEach(function (el) { found.push(el); });
    root.querySelectorAll("*").forEach(function (el) {
      if (el.shadowRoot) {
        deepAll(el.shadowRoot, selector, found);
      }
    });
    return found;
  }

  // A slider's handle tells assistive technology its position on the slider;
  // the figures' sliders run over positions in a list of values (rates on a
  // log scale, starts), so have it tell the value shown instead, and name it
  // by the slider's title.
  function labelHandles(figure) {
    deepAll(figure, ".noUi-handle").forEach(function (handle) {
      var shadow = handle.getRootNode();
      function sync() {
        // Bokeh redraws the title, so look its parts up each time.
        var title = shadow.querySelector(".bk-slider-title");
        var value = shadow.querySelector(".bk-slider-value");
        if (!title || !value) {
          return;
        }
        var name = title.textContent.replace(value.textContent, "");
        name = name.replace(/:\s*$/, "").trim();
        if (handle.getAttribute("aria-label") !== name) {
          handle.setAttribute("aria-label", name);
        }
        if (handle.getAttribute("aria-valuetext") !== value.textContent) {
          handle.setAttribute("aria-valuetext", value.textContent);
        }
      }
      sync();
      var watch = { attributes: true, characterData: true, childList: true, subtree: true };
      new MutationObserver(sync).observe(shadow, watch);
    });
  }

  function render() {
    if (typeof Bokeh === "undefined") {
      return;
    }
    // Bokeh reports each render at "info" level; keep the console for problems.
    Bokeh.set_log_level("warn");
    document.querySelectorAll("script.dlhw-explore-data").forEach(function (data) {
      var item = JSON.parse(data.textContent);
      Bokeh.embed.embed_item(item, item.target_id).then(function () {
        labelHandles(document.getElementById(item.target_id));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
