// Draws the drift page's charts from the JSON the server put in #chart-data's data-chart: PSI per feature, and
// for each feature (and the predictions) the reference's and the captured rows' shares per bin. The same
// figures are in the page's table.
(function () {
	function draw() {
		var source = document.getElementById('chart-data');
		if (!source || typeof Chart === 'undefined') {
			return;
		}
		var data = JSON.parse(source.dataset.chart || '{}');
		var base = { animation: false, responsive: true, maintainAspectRatio: true };
		var psi = document.getElementById('chart-psi');
		if (psi) {
			new Chart(psi, { type: 'bar', data: { labels: data.names, datasets: [
				{ label: 'PSI', data: data.psi, backgroundColor: data.psi.map(function (v) {
					return v >= 0.1 ? '#c62828' : '#3558d6'; }) }] },
				options: Object.assign({}, base, { scales: { y: { beginAtZero: true } } }) });
		}
		var holder = document.getElementById('histograms');
		(data.features || []).forEach(function (feature) {
			var card = document.createElement('section');
			card.className = 'card';
			var title = document.createElement('h2');
			title.textContent = feature.name;
			var canvas = document.createElement('canvas');
			canvas.setAttribute('role', 'img');
			canvas.setAttribute('aria-label', 'Reference and current distribution of ' + feature.name);
			card.appendChild(title);
			card.appendChild(canvas);
			holder.appendChild(card);
			new Chart(canvas, { type: 'bar', data: { labels: feature.labels, datasets: [
				{ label: 'reference', data: feature.reference, backgroundColor: '#9e9e9e' },
				{ label: 'current', data: feature.current, backgroundColor: '#3558d6' }] },
				options: Object.assign({}, base, { scales: { y: { beginAtZero: true } } }) });
		});
	}

	document.addEventListener('DOMContentLoaded', draw);
})();
