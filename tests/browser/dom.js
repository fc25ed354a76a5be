// In-page helpers for the browser tests, injected into every page before its own scripts
// (Playwright's add_init_script). They only read the page; the tests drive it.
window.__bookTest = (() => {
  "use strict";

  const visible = (el) => el.checkVisibility();

  // Every widget view script of the static site gets a rendered .widget-subarea before it.
  function widgetsRendered() {
    const views = document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]',
    );
    return [...views].every((view) => {
      const area = view.previousElementSibling;
      return area && area.classList.contains("widget-subarea") && area.childElementCount > 0;
    });
  }

  // Resolves once nothing in the page has changed for quietMs (containers render their
  // children asynchronously, MathJax typesets after the widgets), or after timeoutMs.
  function settled(quietMs = 500, timeoutMs = 20000) {
    return new Promise((resolve) => {
      const done = () => {
        observer.disconnect();
        clearTimeout(quiet);
        clearTimeout(limit);
        resolve();
      };
      const observer = new MutationObserver(() => {
        clearTimeout(quiet);
        quiet = setTimeout(done, quietMs);
      });
      let quiet = setTimeout(done, quietMs);
      const limit = setTimeout(done, timeoutMs);
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
  }

  // MathJax 3 shows an undefined macro as red text starting with a backslash, and other
  // TeX errors as <mjx-merror>. Both are caught here, so a macro missing from the page
  // (or from a notebook in JupyterLab) fails a test. The characters of CHTML output live
  // in class names such as mjx-c5C (U+005C, the backslash).
  function mathProblems(root = document) {
    const problems = [];
    for (const error of root.querySelectorAll("mjx-merror")) {
      problems.push(`MathJax error: ${error.getAttribute("data-mjx-error") || "?"}`);
    }
    for (const text of root.querySelectorAll("mjx-mtext")) {
      const chars = [...text.querySelectorAll("mjx-c")].map((c) => {
        const code = [...c.classList].find((k) => /^mjx-c[0-9A-F]+$/.test(k));
        return code ? String.fromCodePoint(parseInt(code.slice(5), 16)) : "";
      });
      if (text.style.color === "red" && chars[0] === "\\") {
        problems.push(`undefined macro ${chars.join("")}`);
      }
    }
    return problems;
  }

  // Sphinx marks every formula with class "math"; MathJax puts an mjx-container inside.
  function untypesetMath() {
    return [...document.querySelectorAll("span.math, div.math")]
      .filter((el) => !el.querySelector("mjx-container"))
      .map((el) => el.textContent.trim().slice(0, 60));
  }

  function imagesWithoutAlt() {
    return [...document.querySelectorAll("img")]
      .filter((img) => !(img.getAttribute("alt") || "").trim())
      .map((img) => img.currentSrc.slice(0, 80) || img.outerHTML.slice(0, 80));
  }

  // What a reader sees of the widget areas, leaving out one element (the control being
  // moved, whose own readout always changes): visible text and the pictures shown.
  function widgetAreaView(except = null) {
    const parts = [];
    for (const area of document.querySelectorAll(".widget-subarea, .jp-OutputArea-output")) {
      const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (node.textContent.trim() && visible(parent) && !(except && except.contains(node))) {
          parts.push(node.textContent.trim());
        }
      }
      for (const img of area.querySelectorAll("img, svg, canvas")) {
        if (visible(img) && !(except && except.contains(img))) {
          parts.push(img.currentSrc || img.outerHTML.length);
        }
      }
    }
    return parts.join("\n");
  }

  // The controls a reader can operate inside widget areas. A Play widget counts as one
  // control (its play, pause and stop buttons act together).
  function controls() {
    const selector = ':is(input, button, select, textarea, [role="slider"]):not(:disabled)';
    const areas = ".widget-subarea, .jp-OutputArea";
    const single = [...document.querySelectorAll(`:is(${areas}) ${selector}`)].filter(
      (control) => !control.closest(".widget-play"),
    );
    const plays = [...document.querySelectorAll(`:is(${areas}) .widget-play`)];
    return [...single, ...plays].filter(visible);
  }

  // The step-size explorers of lib/explorers/step_size.py: a "step size" slider, the box's
  // only control, over a stack of frames, each with an .explorer-status line. (Chapter 8's
  // explorer has a step-size slider too, beside a batch-size one: its own tests cover it.)
  function explorers() {
    return [...document.querySelectorAll(".widget-vbox")].filter(
      (box) =>
        box.querySelector(".explorer-status") &&
        stepSizeSlider(box) &&
        box.querySelectorAll(":scope > :is(.widget-slider, .widget-dropdown)").length === 1,
    );
  }

  function stepSizeSlider(box) {
    return [...box.querySelectorAll(":scope > .widget-slider")].find((slider) =>
      /step size/.test(slider.querySelector(".widget-label")?.textContent ?? ""),
    );
  }

  // The explorers of chapters 6 and 7 (lib/explorers/chain_order.py and depth.py): a box
  // with an .explorer-status line and one control (slider or drop-down) per pattern in
  // `labels`, each matched against the control's label.
  function explorerWith(labels) {
    const boxes = [...document.querySelectorAll(".widget-vbox")];
    const fits = (box) =>
      box.querySelector(".explorer-status") && labels.every((l) => controlLabelled(box, l));
    return boxes.find(fits) ?? null;
  }

  function controlLabelled(box, pattern) {
    const re = new RegExp(pattern);
    return (
      [...box.querySelectorAll(":scope > .widget-inline-hbox")].find((control) =>
        re.test(control.querySelector(".widget-label")?.textContent ?? ""),
      ) ?? null
    );
  }

  // A frame's picture: an <img> (lib/explorers/frames.py) or an inline SVG chart
  // (lib/explorers/svg.py), whose markup stands for its source.
  function explorerFrame(box) {
    const status = [...box.querySelectorAll(".explorer-status")].find(visible);
    const picture = [...box.querySelectorAll("img, svg.explorer-chart")].find(visible);
    const src = picture ? picture.currentSrc || picture.outerHTML : null;
    return { status: status ? status.textContent : null, src };
  }

  // What a screen reader hears of each slider (lib/explorers/controls.js names them): its
  // handle's name and value text, beside the label and readout a sighted reader sees.
  function sliderSpeech(root = document) {
    return [...root.querySelectorAll(".widget-slider")].map((slider) => {
      const handle = slider.querySelector(".noUi-handle");
      return {
        label: slider.querySelector(":scope > .widget-label")?.textContent.trim() ?? "",
        readout: slider.querySelector(":scope > .widget-readout")?.textContent.trim() ?? "",
        name: handle?.getAttribute("aria-label") ?? null,
        value: handle?.getAttribute("aria-valuetext") ?? null,
      };
    });
  }

  // The frame explorers of lib/explorers/frames.py (explorer_frames): each frame is classed
  // explorer-frame and explorer-frame-i-j (its options, one per control), each control
  // explorer-control-d (its level d). The outermost widget boxes holding such frames.
  function frameExplorers() {
    const boxes = [...document.querySelectorAll(".widget-box")].filter(
      (box) => box.querySelector(".explorer-frame") && box.querySelector(CONTROL),
    );
    return boxes.filter((box) => !boxes.some((other) => other !== box && other.contains(box)));
  }

  const CONTROL = '[class*="explorer-control-"]';

  // Which frame the controls of `box` ask for and which one is on view, as "i-j" keys; the
  // frame's element; and the first slider's handle (the one a reader meets first).
  function frameState(box) {
    const wanted = [];
    for (const control of box.querySelectorAll(CONTROL)) {
      const level = Number(control.className.match(/explorer-control-(\d+)/)[1]);
      const handle = control.querySelector(".noUi-handle");
      const select = control.querySelector("select");
      wanted[level] = handle
        ? Math.round(Number(handle.getAttribute("aria-valuenow")))
        : select.selectedIndex;
    }
    const frame = [...box.querySelectorAll(".explorer-frame")].find(visible) ?? null;
    const key = frame?.className.match(/explorer-frame-(\d+(?:-\d+)*)/)?.[1] ?? null;
    return { wanted: wanted.join("-"), shown: key, frame };
  }

  function firstSliderHandle(box) {
    return box.querySelector(`${CONTROL} .noUi-handle`);
  }

  // Resolves with the milliseconds from the next keydown on `target` until the frame the
  // controls then ask for is on view, its pictures decoded, at the next animation frame;
  // or null if that does not happen within timeoutMs.
  function timeFrameAfterKey(box, target, timeoutMs = 1000) {
    const before = frameState(box).wanted;
    return new Promise((resolve) => {
      let pressed = null;
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve(null);
      }, timeoutMs);
      const observer = new MutationObserver(() => {
        const state = frameState(box);
        if (pressed === null || state.wanted === before || state.shown !== state.wanted) return;
        observer.disconnect();
        clearTimeout(timer);
        const images = [...state.frame.querySelectorAll("img")].filter(visible);
        Promise.all(images.map((img) => img.decode().catch(() => {}))).then(() =>
          requestAnimationFrame(() => resolve(performance.now() - pressed)),
        );
      });
      target.addEventListener("keydown", () => (pressed = performance.now()), {
        capture: true,
        once: true,
      });
      observer.observe(box, { subtree: true, childList: true, attributes: true });
    });
  }

  // Every explorer on the page, whatever it explores: a widget box straight inside a widget
  // area that holds at least one control and a picture.
  function explorerBoxes() {
    return [...document.querySelectorAll(".widget-subarea > .widget-box")].filter(
      (box) => controls().some((c) => box.contains(c)) && box.querySelector("img, svg, canvas"),
    );
  }

  // The pictures of `box` that a reader sees now (of a light and a dark rendering, the one
  // the theme shows), as their sources.
  function visiblePictures(box) {
    return [...box.querySelectorAll("img, svg, canvas")]
      .filter((p) => visible(p) && !p.closest(".widget-slider, .widget-dropdown"))
      .map((p) => p.currentSrc || p.outerHTML);
  }

  // What an explorer shows apart from its controls: its visible pictures and the visible
  // text of the widgets that hold no control (status lines, captions).
  function explorerView(box) {
    const inControl = (node) => {
      const widget = node.parentElement.closest(".lm-Widget");
      return controls().some((c) => widget && widget.contains(c));
    };
    const text = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim() && visible(node.parentElement) && !inControl(node)) {
        text.push(node.textContent.trim());
      }
    }
    return { pictures: visiblePictures(box), text: text.join("\n") };
  }

  // How the focused element shows its focus: only a ring drawn around it counts here
  // (an outline or a box shadow), as a colour change alone is easy to miss.
  function focusRing(el = document.activeElement) {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    return {
      focusVisible: el.matches(":focus-visible"),
      ring: outline || shadow,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
    };
  }

  return {
    frameExplorers,
    frameState,
    firstSliderHandle,
    timeFrameAfterKey,
    sliderSpeech,
    explorerBoxes,
    visiblePictures,
    explorerView,
    focusRing,
    widgetsRendered,
    settled,
    mathProblems,
    untypesetMath,
    imagesWithoutAlt,
    widgetAreaView,
    controls,
    explorers,
    stepSizeSlider,
    explorerFrame,
    explorerWith,
    controlLabelled,
  };
})();
