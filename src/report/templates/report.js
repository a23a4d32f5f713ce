// Report behaviour: filter findings by text and severity, copy fix commands, expand/collapse all,
// light/dark switch, print. No network, no eval, no inline handlers (the CSP pins this script).
(function () {
  'use strict';
  var doc = document;
  var win = doc.defaultView;
  var byId = function (id) {
    return doc.getElementById(id);
  };
  var all = function (sel) {
    return Array.prototype.slice.call(doc.querySelectorAll(sel));
  };

  // Filter.
  var text = byId('filter-text');
  var sev = byId('filter-severity');
  var shown = byId('filter-shown');
  var findings = all('.finding');
  var groups = all('.severity-group');
  function apply() {
    var q = (text && text.value ? text.value : '').toLowerCase().trim();
    var s = sev && sev.value ? sev.value : '';
    var n = 0;
    findings.forEach(function (f) {
      var show =
        (!s || f.getAttribute('data-severity') === s) &&
        (!q || f.textContent.toLowerCase().indexOf(q) !== -1);
      f.classList.toggle('hidden', !show);
      if (show) n++;
    });
    groups.forEach(function (g) {
      g.classList.toggle('hidden', !g.querySelector('.finding:not(.hidden)'));
    });
    if (shown) shown.textContent = String(n);
  }
  if (text) text.addEventListener('input', apply);
  if (sev) sev.addEventListener('change', apply);
  // The verdict's counts filter the findings by their severity.
  all('button.count-filter').forEach(function (b) {
    b.addEventListener('click', function () {
      if (!sev) return;
      sev.value = b.getAttribute('data-severity') || '';
      apply();
      var target = byId('findings');
      if (target && target.scrollIntoView) target.scrollIntoView();
    });
  });

  // Copy the fix commands.
  function fallback(value) {
    var ta = doc.createElement('textarea');
    ta.value = value;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    doc.body.appendChild(ta);
    ta.select();
    var ok = false;
    try {
      ok = doc.execCommand('copy');
    } catch {
      // Clipboard unavailable: the text stays selected for a manual copy.
    }
    doc.body.removeChild(ta);
    return ok;
  }
  all('button.copy').forEach(function (b) {
    var label = b.textContent;
    b.addEventListener('click', function () {
      var box = b.closest('.fix');
      var code = box
        ? box.querySelector('code')
        : b.parentNode.querySelector('code') || b.parentNode.querySelector('pre');
      var value = code ? code.textContent : '';
      var done = function () {
        b.textContent = b.getAttribute('data-copied');
        b.classList.add('copied');
        setTimeout(function () {
          b.textContent = label;
          b.classList.remove('copied');
        }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(done, function () {
          fallback(value);
          done();
        });
      } else {
        fallback(value);
        done();
      }
    });
  });

  // Expand / collapse every section.
  function setOpen(open) {
    all('details').forEach(function (d) {
      d.open = open;
    });
  }
  var expand = byId('expand-all');
  var collapse = byId('collapse-all');
  if (expand)
    expand.addEventListener('click', function () {
      setOpen(true);
    });
  if (collapse)
    collapse.addEventListener('click', function () {
      setOpen(false);
    });

  // Light / dark: follows the system until the reader chooses.
  var root = doc.documentElement;
  var theme = byId('theme-toggle');
  if (theme)
    theme.addEventListener('click', function () {
      var dark =
        root.getAttribute('data-theme') === 'dark' ||
        (!root.getAttribute('data-theme') &&
          win.matchMedia &&
          win.matchMedia('(prefers-color-scheme: dark)').matches);
      root.setAttribute('data-theme', dark ? 'light' : 'dark');
    });

  // Print everything, open.
  var closed = [];
  win.addEventListener('beforeprint', function () {
    closed = all('details:not([open])');
    closed.forEach(function (d) {
      d.open = true;
    });
  });
  win.addEventListener('afterprint', function () {
    closed.forEach(function (d) {
      d.open = false;
    });
    closed = [];
  });
  var print = byId('print');
  if (print)
    print.addEventListener('click', function () {
      win.print();
    });
})();
