// The explorable figures of the Problem 3 pages, in the browser.
//
// Each figure is a <div class="dlhw-explore"> followed by its Bokeh JSON in
// <script type="application/json" class="dlhw-explore-data">; this script
// renders it with BokehJS, which the site serves itself. The figure states
// what it shows as data (dlhw.explore.explorer): its controls, the
// precomputed runs, the index rule that selects a run, the columns drawn
// from it and the readout below. Its callbacks call the functions of
// `dlhwExplore` here, the same for every figure.
(function () {
  "use strict";

  // -- numbers -------------------------------------------------------------

  // A float64 in full, as Python's repr prints it (up to the exponent's form).
  function show(v) {
    return Number.isNaN(v) ? "nan" : String(v);
  }

  // A drawn (float32) value, to the seven digits it holds.
  function near(v) {
    return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : show(v);
  }

  const FORMATS = { show: show, near: near, text: String };

  // -- one figure's state ----------------------------------------------------

  // The position of each control: a slider's value, an option's place.
  function positions(spec) {
    const at = {};
    for (const [name, model] of Object.entries(spec.controls)) {
      if (typeof model.value === "string") {
        at[name] = model.options.findIndex((option) => option[0] === model.value);
      } else {
        at[name] = model.value;
      }
    }
    return at;
  }

  // The selected run: the flat (C-order) index of the index rule's axes. A
  // switched axis takes its position from the slider its choice picks, and
  // disables the others.
  function selectedRun(spec, at) {
    let run = 0;
    for (const axis of spec.index) {
      let position;
      if (axis.choice === null) {
        position = at[axis.control];
      } else {
        const picked = at[axis.choice];
        axis.sliders.forEach(([name], n) => {
          spec.controls[name].disabled = n !== picked;
        });
        const [name, offset] = axis.sliders[picked];
        position = offset + at[name];
      }
      run = run * axis.size + position;
    }
    return run;
  }

  // A column's value at point n of the run.
  function columnValue(spec, column, run, n, where) {
    if (column.array === null) {
      return spec.steps[n];
    }
    const points = spec.steps.length;
    let v = spec.arrays[column.array][(run * points + n) * column.width + column.part];
    v -= column.shift;
    if (column.divide !== null) {
      const [array, by] = column.divide;
      v /= spec.arrays[array][where(by)];
    }
    if (column.magnitude) {
      v = v === 0 ? NaN : Math.abs(v);
    }
    return v;
  }

  // The points of a source, as indices 0 .. k of the columns.
  function keptPoints(name, k, steps) {
    if (name === "now") {
      return [k];
    }
    if (name === "first") {
      return k >= 1 ? [0, 1] : [];
    }
    let end = k + 1;
    if (name === "joined") {
      end = 0;
      while (end <= k && steps[end] === end) {
        end++;
      }
    }
    return Array.from({ length: end }, (_, n) => n);
  }

  function follow(rule, columns, k) {
    const values = columns[rule.column];
    if (rule.rule === "end") {
      rule.range.end = Math.max(values[k], rule.least);
      return;
    }
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) {
      return;
    }
    const low = Math.min(...finite);
    const high = Math.max(...finite);
    const pad = 0.05 * (high - low || 1e-300);
    rule.range.start = low - pad;
    rule.range.end = high + pad;
  }

  // The readout: each paragraph with its {name} fields filled in.
  function readoutText(spec, columns, k, at, where) {
    const fields = spec.readout.fields;
    function fill(template) {
      return template.replace(/\{(\w+)\}/g, (_, name) => field(fields[name]));
    }
    function field(f) {
      switch (f.kind) {
        case "value":
          return FORMATS[f.fmt](spec.arrays[f.array][where(f.by) * f.width + f.part]);
        case "point":
          return FORMATS[f.fmt](columns[f.column][f.at === "start" ? 0 : k]);
        case "label":
          return spec.labels[f.control][at[f.control]];
        case "case": {
          const n = f.array === null
            ? at[f.by]
            : spec.arrays[f.array][where(f.by) * f.width + f.part];
          return fill(f.texts[n]);
        }
        default:
          throw new Error(`unknown readout field ${f.kind}`);
      }
    }
    return spec.readout.paragraphs.map((p) => `<p>${fill(p)}</p>`).join("");
  }

  // Select the run the controls pick, draw its points up to the step slider's
  // and write the readout.
  function update(spec) {
    const at = positions(spec);
    const run = selectedRun(spec, at);
    const where = (by) => (by === "run" ? run : at[by]);
    const k = spec.step.value;
    const columns = {};
    for (const column of spec.columns) {
      const values = [];
      for (let n = 0; n <= k; n++) {
        values.push(columnValue(spec, column, run, n, where));
      }
      columns[column.name] = values;
    }
    for (const [name, source] of Object.entries(spec.sources)) {
      const kept = keptPoints(name, k, spec.steps);
      const data = {};
      for (const column of spec.columns) {
        data[column.name] = kept.map((n) => columns[column.name][n]);
      }
      source.data = data;
    }
    for (const rule of spec.follow) {
      follow(rule, columns, k);
    }
    spec.readout.div.text = readoutText(spec, columns, k, at, where);
  }

  // Play steps the slider on until its end; a second press pauses.
  function play(slider, button) {
    if (button.active) {
      if (slider.value >= slider.end) {
        slider.value = slider.start;
      }
      button.label = "Pause";
      button.dlhw_timer = setInterval(() => {
        if (slider.value >= slider.end) {
          button.active = false;
          return;
        }
        slider.value = slider.value + 1;
      }, 120);
    } else {
      clearInterval(button.dlhw_timer);
      button.label = "Play";
    }
  }

  // A slider runs over positions in a list of values; its tick shows the value.
  function label(labels, tick) {
    return labels[Math.round(tick)];
  }

  // Colour the plots' text, axes and grid for furo's light or dark theme, and
  // again whenever the reader switches.
  function theme(themes, plots, axes, grids, legends) {
    const body = document.body;
    const dark = matchMedia("(prefers-color-scheme: dark)");
    function pick() {
      const chosen = body.dataset.theme;
      if (chosen === "dark" || chosen === "light") {
        return chosen;
      }
      return dark.matches ? "dark" : "light";
    }
    function apply() {
      const c = themes[pick()];
      for (const p of plots) {
        p.outline_line_color = c.grid;
        p.title.text_color = c.text;
      }
      for (const a of axes) {
        a.axis_line_color = c.axis;
        a.major_tick_line_color = c.axis;
        a.minor_tick_line_color = c.axis;
        a.major_label_text_color = c.text;
        a.axis_label_text_color = c.text;
      }
      for (const g of grids) {
        g.grid_line_color = c.grid;
      }
      for (const l of legends) {
        l.label_text_color = c.text;
      }
    }
    apply();
    new MutationObserver(apply).observe(body, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
    dark.addEventListener("change", apply);
  }

  // Each figure's data, as its script (written by the site's build) hands it
  // over.
  const items = {};
  function data(target, item) {
    items[target] = item;
  }

  window.dlhwExplore = { update, play, label, theme, data };

  // -- rendering -------------------------------------------------------------

  // Every element matching `selector` under `root`, inside shadow roots too
  // (Bokeh draws each widget in a shadow root of its own).
  function deepAll(root, selector, found) {
    found = found || [];
    root.querySelectorAll(selector).forEach((el) => found.push(el));
    root.querySelectorAll("*").forEach((el) => {
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
    deepAll(figure, ".noUi-handle").forEach((handle) => {
      const shadow = handle.getRootNode();
      function sync() {
        // Bokeh redraws the title, so look its parts up each time.
        const title = shadow.querySelector(".bk-slider-title");
        const value = shadow.querySelector(".bk-slider-value");
        if (!title || !value) {
          return;
        }
        let name = title.textContent.replace(value.textContent, "");
        name = name.replace(/:\s*$/, "").trim();
        if (handle.getAttribute("aria-label") !== name) {
          handle.setAttribute("aria-label", name);
        }
        if (handle.getAttribute("aria-valuetext") !== value.textContent) {
          handle.setAttribute("aria-valuetext", value.textContent);
        }
      }
      sync();
      const watch = { attributes: true, characterData: true, childList: true, subtree: true };
      new MutationObserver(sync).observe(shadow, watch);
    });
  }

  // BokehJS and each figure's data are loaded only when the reader comes near
  // the figure, so that the page shows without waiting for them. Both are
  // scripts of the site's (a file:// page may not fetch): BokehJS beside this
  // one, the data where the page's link says.
  const here = document.currentScript.src;
  function load(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url.href;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.appendChild(script);
    });
  }

  let bokehjs = null;
  function draw(data) {
    bokehjs = bokehjs || load(new URL("bokeh/bokeh.min.js", here))
      .then(() => load(new URL("bokeh/bokeh-widgets.min.js", here)))
      // Bokeh reports each render at "info" level; keep the console for problems.
      .then(() => Bokeh.set_log_level("warn"));
    const target = data.previousElementSibling.id;
    Promise.all([bokehjs, load(new URL(data.dataset.src, document.baseURI))])
      .then(() => Bokeh.embed.embed_item(items[target], target))
      .then(() => labelHandles(document.getElementById(target)));
  }

  function render() {
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          near.unobserve(entry.target);
          draw(entry.target.nextElementSibling);
        }
      }
    }, { rootMargin: "50% 0px" });
    document.querySelectorAll("script.dlhw-explore-data").forEach((data) => {
      near.observe(data.previousElementSibling);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
