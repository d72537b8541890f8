/* The platform's one chart renderer: every element with data-cz-chart="<json_script id>" is
   drawn with ECharts from the option the page built in Python (core/charts.py); an option
   with no data (czEmpty) becomes its message instead of an empty chart. */
(function () {
  function render(el) {
    var source = document.getElementById(el.getAttribute('data-cz-chart'));
    if (!source) { return; }
    var option = JSON.parse(source.textContent);
    if (!option || option.czEmpty || typeof echarts === 'undefined') {
      el.style.height = 'auto';
      el.innerHTML = '<div class="fw-semibold small mb-1"></div><div class="text-secondary small" data-testid="chart-empty"></div>';
      el.firstChild.textContent = option && option.title ? option.title.text : '';
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
