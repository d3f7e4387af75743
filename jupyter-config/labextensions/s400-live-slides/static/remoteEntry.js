// The package's JupyterLab extension, hand-written (no build step, no Node): a module-federation
// container with the interface webpack gives every JupyterLab extension, {init(shareScope),
// get(module)}. It does two things, in JupyterLab and in the live slideshow alike.
//
// 1. Live slides. The widget manager of ipywidgets 8 (jupyterlab_widgets 3) asks the page for the
//    shared module @jupyterlab/console, for an optional console tracker. JupyterLab provides it;
//    the slideshow page of jupyterlab-rise 0.43 does not, so the widget manager fails to load
//    there and live widgets show as text (jupyterlab-contrib/rise issues 119 and 126). init()
//    adds a stand-in for that module only where none exists, so the real JupyterLab is untouched;
//    in the slideshow the optional tracker resolves to nothing.
// 2. Names for screen readers. ipywidgets' slider handle (role="slider") carries no accessible
//    name, though its description label is shown beside it; and an ipywidgets HTML output that
//    a lesson marks "s400-announce" (the explorer's count, its "nothing matches" line, the
//    what-if's totals) must be a live region, which the kernel side cannot set on the widget's
//    own element. The plugin below names each handle by its label and marks those regions, as
//    widgets appear.
(function () {
  'use strict';
  var NAME = 's400-live-slides';
  var CONSOLE = '@jupyterlab/console';
  var stand_in = {
    IConsoleTracker: { name: CONSOLE + ':IConsoleTracker', description: 'absent' }
  };
  var labels = 0;

  function nameSliders(root) {
    var handles = root.querySelectorAll(
      '.widget-slider .noUi-handle:not([aria-label]):not([aria-labelledby])'
    );
    Array.prototype.forEach.call(handles, function (handle) {
      var box = handle.closest('.widget-slider');
      var label = box && box.querySelector(':scope > .widget-label');
      if (!label || !label.textContent.trim()) return;
      if (!label.id) label.id = NAME + '-label-' + ++labels;
      handle.setAttribute('aria-labelledby', label.id);
    });
  }

  function markLiveRegions(root) {
    var regions = root.querySelectorAll('.s400-announce:not([aria-live])');
    Array.prototype.forEach.call(regions, function (region) {
      region.setAttribute('role', 'status');
      region.setAttribute('aria-live', 'polite');
      region.setAttribute('aria-atomic', 'true');
    });
  }

  var a11y = {
    id: NAME + ':accessible-widgets',
    description: 'Accessible names for ipywidgets sliders; live regions for lesson outputs.',
    autoStart: true,
    activate: function () {
      var pending = false;
      function sweep() {
        pending = false;
        nameSliders(document.body);
        markLiveRegions(document.body);
      }
      // Widgets are added whenever a cell runs: one sweep per frame, however many changes.
      new MutationObserver(function () {
        if (!pending) {
          pending = true;
          window.requestAnimationFrame(sweep);
        }
      }).observe(document.body, { childList: true, subtree: true });
      sweep();
    }
  };

  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[NAME] = {
    init: function (shareScope) {
      if (shareScope[CONSOLE] && Object.keys(shareScope[CONSOLE]).length) {
        return; // a real @jupyterlab/console is there: leave it alone
      }
      shareScope[CONSOLE] = {
        '4.999.0': {
          get: function () {
            return Promise.resolve(function () {
              return stand_in;
            });
          },
          from: NAME,
          eager: false,
          loaded: 1
        }
      };
    },
    get: function (module) {
      return Promise.resolve(function () {
        return { __esModule: true, default: [a11y] };
      });
    }
  };
})();
