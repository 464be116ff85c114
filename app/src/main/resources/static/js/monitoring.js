// Draws the monitoring page's charts from the JSON the server put in #chart-data's data-chart, and again
// after htmx has refreshed the content. The same numbers are in the page's tables.
(function () {
	var charts = [];

	function draw() {
		var source = document.getElementById('chart-data');
		if (!source || typeof Chart === 'undefined') {
			return;
		}
		var data = JSON.parse(source.dataset.chart || '{}');
		charts.forEach(function (chart) { chart.destroy(); });
		charts = [];
		var base = { animation: false, responsive: true, maintainAspectRatio: true };
		function chart(id, config) {
			var canvas = document.getElementById(id);
			if (canvas) {
				config.options = Object.assign({}, base, config.options || {});
				charts.push(new Chart(canvas, config));
			}
		}
		chart('chart-requests', { type: 'bar', data: { labels: data.labels, datasets: [
			{ label: 'success', data: data.success, backgroundColor: '#2e7d32', stack: 'r' },
			{ label: 'client error', data: data.clientError, backgroundColor: '#f9a825', stack: 'r' },
			{ label: 'server error', data: data.serverError, backgroundColor: '#c62828', stack: 'r' }] },
			options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
		chart('chart-rate', { type: 'line', data: { labels: data.labels, datasets: [
			{ label: 'requests per second', data: data.perSecond, borderColor: '#3558d6', pointRadius: 0 }] },
			options: { scales: { y: { beginAtZero: true } } } });
		chart('chart-percentiles', { type: 'line', data: { labels: data.percentileLabels, datasets: [
			{ label: 'p95 ms', data: data.p95, borderColor: '#f9a825', spanGaps: false },
			{ label: 'p99 ms', data: data.p99, borderColor: '#c62828', spanGaps: false }] },
			options: { scales: { y: { beginAtZero: true } } } });
		chart('chart-outcomes', { type: 'doughnut', data: { labels: ['success', 'client error', 'server error'],
			datasets: [{ data: data.outcomes, backgroundColor: ['#2e7d32', '#f9a825', '#c62828'] }] } });
		chart('chart-latency', { type: 'bar', data: { labels: data.histogramLabels, datasets: [
			{ label: 'requests', data: data.histogram, backgroundColor: '#3558d6' }] },
			options: { scales: { y: { beginAtZero: true } } } });
		chart('chart-resources', { type: 'line', data: { labels: data.resourceLabels, datasets: [
			{ label: 'CPU %', data: data.cpu, borderColor: '#3558d6', yAxisID: 'cpu' },
			{ label: 'memory ' + (data.memoryUnit || 'MB'), data: data.memory, borderColor: '#8e24aa', yAxisID: 'memory' }] },
			options: { scales: { cpu: { position: 'left', beginAtZero: true }, memory: { position: 'right', beginAtZero: true } } } });
	}

	document.addEventListener('DOMContentLoaded', draw);
	document.addEventListener('htmx:afterSettle', draw);
})();
