// Names and values of the explorers' sliders for screen readers (lib/explorers/frames.py
// shows this script under every explorer: the website runs it with the page, JupyterLab in
// a notebook it trusts, which a notebook run by its reader is).
//
// ipywidgets 8 draws a slider with noUiSlider: its handle, the element with role="slider"
// that the keyboard moves, gets no accessible name (the description is a <label> tied to
// nothing) and announces the option's index as its value, "3" for "0.0123 (optimal)"
// (jupyter-widgets/ipywidgets#2650). Each handle is named here after its slider's
// description and given the readout as its value text, again whenever the readout changes.
(function () {
  "use strict";
  if (window.__bookExplorerControls) {
    return; // a page with several explorers runs this once
  }
  window.__bookExplorerControls = true;

  function describe(slider) {
    var handle = slider.querySelector(".noUi-handle");
    if (!handle) {
      return;
    }
    var label = slider.querySelector(":scope > .widget-label");
    var readout = slider.querySelector(":scope > .widget-readout");
    var name = (label && label.textContent.trim()) || slider.getAttribute("title") || "";
    var value = readout ? readout.textContent.trim() : "";
    if (name && handle.getAttribute("aria-label") !== name) {
      handle.setAttribute("aria-label", name);
    }
    if (value && handle.getAttribute("aria-valuetext") !== value) {
      handle.setAttribute("aria-valuetext", value);
    }
  }

  function describeAll() {
    document.querySelectorAll(".widget-slider").forEach(describe);
  }

  // JupyterLab's widget style sheet turns the handle's outline off; show where the focus
  // is there too (the website's _static/widget-focus.css does so on the site).
  var style = document.createElement("style");
  style.textContent =
    ".jp-OutputArea .widget-slider .noUi-handle:focus-visible" +
    "{outline:2px solid var(--jp-brand-color1) !important;outline-offset:2px}";
  document.head.appendChild(style);

  // Sliders appear when the widgets render, and noUiSlider rewrites aria-valuetext on every
  // move: describe them again after each change (only attributes that differ are written,
  // so this does not feed itself).
  new MutationObserver(describeAll).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-valuetext"],
  });
  describeAll();
})();
