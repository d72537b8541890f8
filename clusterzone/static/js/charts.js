/* The platform's one chart renderer: every element with data-cz-chart="<json_script id>" is
   drawn with ECharts from the option the page built in Python (core/charts.py); an option
   with no data (czEmpty) becomes its message instead of an empty chart. */
(function () {
  function hasData(option) {
    return (option.series || []).some(function (s) {
      return (s.data || []).some(function (p) {
        var v = (p !== null && typeof p === 'object' && !Array.isArray(p)) ? p.value : p;
        if (Array.isArray(v)) { return v.some(function (x) { return x !== null && x !== undefined; }); }
        var present = v !== null && v !== undefined;
        if (s.type === 'pie' || s.type === 'funnel') { present = present && v !== 0; }  // shares of nothing
        return present;
      });
    });
  }
  function render(el) {
    var source = document.getElementById(el.getAttribute('data-cz-chart'));
    if (!source) { return; }
    var option = JSON.parse(source.textContent);
    if (option && !option.czEmpty && !hasData(option)) { option.czEmpty = el.getAttribute('data-empty'); }
    if (!option || option.czEmpty || typeof echarts === 'undefined') {
      el.style.height = 'auto';
      el.innerHTML = '<div class="fw-semibold small mb-1"></div><div class="text-secondary small" data-testid="chart-empty"></div>';
      el.firstChild.textContent = option && option.title && option.title.text ? option.title.text : '';
      el.lastChild.textContent = (option && option.czEmpty) || el.getAttribute('data-empty') || '';
      return;
    }
    var chart = echarts.init(el);
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
  }
  function renderAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cz-chart]'), render);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', renderAll);
  } else {
    renderAll();
  }
})();
