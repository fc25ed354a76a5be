// Two buttons of the theme (pydata-sphinx-theme 0.17) show one text on screen and give
// screen readers and speech input another, which WCAG 2.5.3 "label in name" rules out
// (axe-core: label-content-name-mismatch). Jupyter Book adds every .js file in _static/
// to every page; this one gives each button a name that contains what it shows.
(function () {
  "use strict";

  // The search field shows "Search Ctrl+K" but is named "Search" by aria-label: without
  // the label its name is its text, so a reader who says "click Search Ctrl K" finds it.
  // (The icon-only search button of narrow screens shows no text and keeps its label.)
  function nameSearchFields() {
    document.querySelectorAll(".search-button__button").forEach(function (button) {
      if (button.textContent.trim()) {
        button.removeAttribute("aria-label");
      }
    });
  }

  // The colour-mode button shows the icon of the current mode, titled "Light", "Dark" or
  // "System Settings", but is named "Color mode": name it "Color mode: Dark", and so on,
  // which also tells a screen reader the mode it is in. The icon is an <i title="..."> in
  // the page and an <svg> with a <title> once the theme's Font Awesome has replaced it.
  function nameModeButtons() {
    var mode = document.documentElement.dataset.mode;
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      var label = button.dataset.bsTitle || "Color mode";
      var icon = button.querySelector('.theme-switch[data-mode="' + mode + '"]');
      var title = icon && (icon.getAttribute("title") || icon.querySelector("title"));
      var text = typeof title === "string" ? title : title ? title.textContent : "";
      button.setAttribute("aria-label", text ? label + ": " + text : label);
    });
  }

  function start() {
    nameSearchFields();
    nameModeButtons();
    // the theme sets data-mode on <html> whenever the button is pressed
    new MutationObserver(nameModeButtons).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-mode"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
