// Loss and accuracy curves of an image training, drawn from the history the page embeds in #history-data's data-history;
// redrawn whenever htmx swaps in a fresher progress fragment.
(function () {
	'use strict';
	const charts = {};

	function draw(id, label, history, trainKey, validationKey) {
		const canvas = document.getElementById(id);
		if (!canvas || typeof Chart === 'undefined') {
			return;
		}
		if (charts[id]) {
			charts[id].destroy();
		}
		charts[id] = new Chart(canvas, {
			type: 'line',
			data: {
				labels: history.map((e) => e.epoch),
				datasets: [
					{ label: 'train ' + label, data: history.map((e) => e[trainKey]) },
					{ label: 'validation ' + label, data: history.map((e) => e[validationKey]) }
				]
			},
			options: { animation: false, responsive: true, maintainAspectRatio: false,
				scales: { x: { title: { display: true, text: 'epoch' } } } }
		});
	}

	function render() {
		const data = document.getElementById('history-data');
		if (!data) {
			return;
		}
		const history = JSON.parse(data.dataset.history || '[]');
		draw('chart-loss', 'loss', history, 'train_loss', 'val_loss');
		draw('chart-accuracy', 'accuracy', history, 'train_accuracy', 'val_accuracy');
	}

	document.addEventListener('DOMContentLoaded', render);
	document.addEventListener('htmx:afterSwap', render);
})();
