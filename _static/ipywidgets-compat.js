// Two gaps between the ipywidgets HTML manager (embed-amd.js, see nb_ipywidgets_js in
// _config.yml) and this book. Jupyter Book adds every .js file in _static/ to every page.
(function () {
  "use strict";

  // 1. The manager's icon fonts lie next to embed-amd.js on the CDN, but it computes
  //    their address from each bundled AMD module's url, which require.js resolves
  //    relative to the page: 404s for chapters/@jupyter-widgets/*.woff2. Tell require.js
  //    where those modules (@jupyter-widgets/base, controls, html-manager and
  //    html-manager/dist/libembed-amd) really come from. The documented setting,
  //    window.__jupyter_widgets_assets_path__ (jupyter-widgets/ipywidgets#1652), is read
  //    only after the fonts' addresses are fixed. This must run before embed-amd.js, which
  //    _config.yml loads with `defer` for that reason.
  var manager = document.querySelector('script[src*="/@jupyter-widgets/html-manager@"]');
  if (manager && window.requirejs) {
    var dist = manager.src.replace(/\/[^/]*$/, "");
    window.requirejs.config({
      paths: { "@jupyter-widgets": dist, "@jupyter-widgets/html-manager/dist": dist },
    });
  }

  // 2. The manager typesets widget labels with the MathJax 2 call MathJax.Hub.Queue whenever
  //    window.MathJax exists (jupyter-widgets/ipywidgets#3829, open). This book loads
  //    MathJax 3, which has no Hub: give it one that calls MathJax 3's typesetPromise.
  var config = window.MathJax;
  if (config === undefined) {
    return; // no maths on this page, so the manager does not typeset either
  }
  var hub = {
    Queue: function (job) {
      var element = job[2]; // job is ["Typeset", MathJax.Hub, element]
      window.MathJax.startup.promise.then(function () {
        return window.MathJax.typesetPromise([element]);
      });
    },
  };
  config.startup = config.startup || {};
  var ready = config.startup.ready;
  config.startup.ready = function () {
    (ready || window.MathJax.startup.defaultReady)();
    window.MathJax.Hub = hub;
  };
})();
