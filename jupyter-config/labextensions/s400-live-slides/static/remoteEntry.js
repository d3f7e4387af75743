// Why this file exists: the widget manager of ipywidgets 8 (jupyterlab_widgets 3) asks the page
// for the shared module @jupyterlab/console, for an optional console tracker. JupyterLab provides
// it; the slideshow page of jupyterlab-rise 0.43 does not, so the widget manager fails to load
// there and live widgets show as text (jupyterlab-contrib/rise issues 119 and 126). This
// module-federation container adds a stand-in for that module only where none exists, so the
// real JupyterLab is untouched; in the slideshow the optional tracker resolves to nothing.
// Hand-written (no build step, no Node): it follows the container interface webpack gives
// every JupyterLab extension, {init(shareScope), get(module)}.
(function () {
  'use strict';
  var NAME = 's400-live-slides';
  var CONSOLE = '@jupyterlab/console';
  var stand_in = {
    IConsoleTracker: { name: CONSOLE + ':IConsoleTracker', description: 'absent' }
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
      // The extension itself adds no plugins.
      return Promise.resolve(function () {
        return { __esModule: true, default: [] };
      });
    }
  };
})();
