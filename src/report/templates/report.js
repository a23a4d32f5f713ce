// Report behaviour: filter findings by text and severity, copy fix commands. No network, no eval.
(function () {
  'use strict';
  var text = document.getElementById('filter-text');
  var sev = document.getElementById('filter-severity');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  function apply() {
    var q = (text && text.value ? text.value : '').toLowerCase();
    var s = sev && sev.value ? sev.value : '';
    findings.forEach(function (f) {
      var show =
        (!s || f.getAttribute('data-severity') === s) &&
        (!q || f.textContent.toLowerCase().indexOf(q) !== -1);
      f.classList.toggle('hidden', !show);
    });
  }
  if (text) text.addEventListener('input', apply);
  if (sev) sev.addEventListener('change', apply);
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
    b.addEventListener('click', function () {
      var code = b.parentNode.querySelector('code');
      var value = code ? code.textContent : '';
      var done = function () {
        var old = b.textContent;
        b.textContent = b.getAttribute('data-copied');
        setTimeout(function () {
          b.textContent = old;
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
  function fallback(value) {
    var ta = document.createElement('textarea');
    ta.value = value;
    document.body.appendChild(ta);
    ta.select();
    try {
      document.execCommand('copy');
    } catch {
      // Clipboard unavailable: the text stays selected for a manual copy.
    }
    document.body.removeChild(ta);
  }
})();
