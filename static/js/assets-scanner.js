/* Stock-take scanner: reads QR codes from the phone's camera in the browser (jsQR, served from the
   project) and sends each code read through the page's scan form (htmx swaps only the panel, so the
   camera keeps running). The text box of the form stays the fallback for typing or pasting a code. */
(function () {
  "use strict";

  var REPEAT_MS = 2500; // the same code read again within this time is the same scan

  function setup(root) {
    var startButton = root.querySelector("[data-scanner-start]");
    var stopButton = root.querySelector("[data-scanner-stop]");
    var view = root.querySelector("[data-scanner-view]");
    var video = root.querySelector("[data-scanner-video]");
    var error = root.querySelector("[data-scanner-error]");
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;
    var lastCode = "";
    var lastAt = 0;
    var busy = false;

    function showError() {
      error.hidden = false;
      startButton.hidden = true;
    }

    function send(code) {
      var form = document.getElementById("scan-form");
      var input = form && form.querySelector("input[name=code]");
      if (!input) { return; }
      input.value = code;
      busy = true;
      if (navigator.vibrate) { navigator.vibrate(80); }
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    function tick() {
      if (!stream) { return; }
      if (!busy && video.readyState === video.HAVE_ENOUGH_DATA) {
        var width = video.videoWidth, height = video.videoHeight;
        var scale = Math.min(1, 640 / Math.max(width, height));
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR && window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        var now = Date.now();
        if (found && found.data && !(found.data === lastCode && now - lastAt < REPEAT_MS)) {
          lastCode = found.data;
          lastAt = now;
          send(found.data);
        }
      }
      window.setTimeout(function () { window.requestAnimationFrame(tick); }, 150);
    }

    function start() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) { showError(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.play();
          view.hidden = false;
          startButton.hidden = true;
          stopButton.hidden = false;
          tick();
        })
        .catch(showError);
    }

    function stop() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      view.hidden = true;
      startButton.hidden = false;
      stopButton.hidden = true;
    }

    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    document.body.addEventListener("htmx:afterSwap", function () {
      busy = false;
      if (!stream) {
        var input = document.querySelector("#scan-form input[name=code]");
        if (input) { input.focus(); }
      }
    });
    document.body.addEventListener("htmx:responseError", function () { busy = false; });
    window.addEventListener("pagehide", stop);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-scanner]").forEach(setup);
  });
})();
