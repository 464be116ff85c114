// Modelhost dashboard: copy buttons, the upload's progress bar and size check, and the
// "Export as API" dialog. Every page works without this file; it only adds comfort.
(function () {
	'use strict';

	function showCopyButtons(root) {
		root.querySelectorAll('button.copy[hidden]').forEach(function (button) {
			if (navigator.clipboard) {
				button.hidden = false;
			}
		});
	}

	document.addEventListener('click', function (event) {
		var button = event.target.closest('button.copy');
		if (!button) {
			return;
		}
		var source = document.getElementById(button.dataset.copy);
		if (!source || !navigator.clipboard) {
			return;
		}
		navigator.clipboard.writeText(source.textContent.trim()).then(function () {
			var label = button.textContent;
			button.textContent = 'Copied';
			setTimeout(function () { button.textContent = label; }, 1500);
		});
	});

	document.addEventListener('DOMContentLoaded', function () {
		showCopyButtons(document);
	});

	// the upload: refuse a file over the limit before sending it, and show progress
	document.addEventListener('htmx:confirm', function (event) {
		var form = event.target;
		if (form.id !== 'upload-form') {
			return;
		}
		var file = form.querySelector('input[type=file]').files[0];
		var error = document.getElementById('upload-client-error');
		if (file && file.size > Number(form.dataset.maxBytes)) {
			event.preventDefault();
			error.textContent = 'The file is larger than the upload limit of ' + form.dataset.maxMegabytes + ' MB.';
			error.hidden = false;
			return;
		}
		error.hidden = true;
		document.getElementById('upload-progress-row').hidden = false;
	});

	document.addEventListener('htmx:xhr:progress', function (event) {
		if (event.target.id !== 'upload-form' || !event.detail.lengthComputable) {
			return;
		}
		var percent = Math.round(100 * event.detail.loaded / event.detail.total);
		document.getElementById('upload-progress').value = percent;
		document.getElementById('upload-progress-text').textContent =
			percent < 100 ? percent + ' %' : (event.target.dataset.checking || 'Checking the model…');
	});

	// a refused upload answers its form again with a 4xx status (400, 413, 422) for
	// browsers without JavaScript; htmx swaps only 2xx answers unless told to
	document.addEventListener('htmx:beforeSwap', function (event) {
		var xhr = event.detail.xhr;
		if (event.target.closest('#upload-panel') && [400, 413, 422].indexOf(xhr.status) >= 0
				&& (xhr.getResponseHeader('Content-Type') || '').indexOf('text/html') === 0) {
			event.detail.shouldSwap = true;
			event.detail.isError = false;
		}
	});

	document.addEventListener('htmx:responseError', function (event) {
		if (event.target.id !== 'upload-form') {
			return;
		}
		var error = document.getElementById('upload-client-error');
		error.textContent = event.detail.xhr.status === 413
			? 'The file is larger than the upload limit of ' + event.target.dataset.maxMegabytes + ' MB.'
			: 'The upload failed (HTTP ' + event.detail.xhr.status + '). Try again.';
		error.hidden = false;
		document.getElementById('upload-progress-row').hidden = true;
	});

	document.addEventListener('htmx:afterSwap', function (event) {
		showCopyButtons(event.target);
		if (event.target.id === 'export-body') {
			document.getElementById('export-dialog').showModal();
		}
	});
})();

// the upload: a model file dropped on the file box is the file chosen
(function () {
	document.addEventListener('DOMContentLoaded', function () {
		var zone = document.getElementById('drop-zone');
		var input = document.getElementById('file');
		if (!zone || !input) {
			return;
		}
		['dragenter', 'dragover'].forEach(function (name) {
			zone.addEventListener(name, function (event) {
				event.preventDefault();
				zone.classList.add('dragging');
			});
		});
		['dragleave', 'drop'].forEach(function (name) {
			zone.addEventListener(name, function () { zone.classList.remove('dragging'); });
		});
		zone.addEventListener('drop', function (event) {
			event.preventDefault();
			if (event.dataTransfer && event.dataTransfer.files.length > 0) {
				input.files = event.dataTransfer.files;
				input.dispatchEvent(new Event('change', { bubbles: true }));
			}
		});
	});
})();

// an image model's page: drop a picture on the form (or choose one) and it is classified at
// once; without this the form is a plain file upload with a Classify button
(function () {
	'use strict';

	function submit(form) {
		if (form.requestSubmit) {
			form.requestSubmit();
		}
		else {
			form.submit();
		}
	}

	document.addEventListener('DOMContentLoaded', function () {
		var form = document.getElementById('picture-form');
		if (!form) {
			return;
		}
		var input = form.querySelector('input[type=file]');
		var zone = document.getElementById('picture-drop');
		zone.textContent = 'Drop a picture here, or choose one (PNG or JPEG)';
		['dragenter', 'dragover'].forEach(function (type) {
			form.addEventListener(type, function (event) {
				event.preventDefault();
				zone.classList.add('dragging');
			});
		});
		['dragleave', 'drop'].forEach(function (type) {
			form.addEventListener(type, function () {
				zone.classList.remove('dragging');
			});
		});
		form.addEventListener('drop', function (event) {
			event.preventDefault();
			if (event.dataTransfer && event.dataTransfer.files.length > 0) {
				input.files = event.dataTransfer.files;
				submit(form);
			}
		});
		input.addEventListener('change', function () {
			if (input.files.length > 0) {
				submit(form);
			}
		});
	});
})();
